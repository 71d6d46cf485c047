"""The Interview Prep tab (steps 9 and 10): questions, practice with a timer and spaced
repetition, mock interviews, the question bank, the confidence journal and its trend."""
