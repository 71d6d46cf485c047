"""The enumerations records use: stored by *name*, shown by their label.

Apart from the ORM classes (``models`` re-exports them) so that what only needs the
values -- readiness's rules, start-up's first look at the data -- imports no SQLAlchemy.
"""

from __future__ import annotations

import enum


class LabelledEnum(enum.Enum):
    """Enum whose value is the label a person reads."""

    @property
    def label(self) -> str:
        return str(self.value)


class TargetStatus(LabelledEnum):
    preparing = "Preparing"
    ready = "Ready"
    reapplied = "Reapplied"
    interviewing = "Interviewing"
    offer = "Offer"
    closed = "Closed"


class ReapplyStage(LabelledEnum):
    """How far the reapplication has gone (the stages of the second try)."""

    not_yet = "Not applied yet"
    applied = "Applied"
    screen = "Screen"
    technical = "Technical"
    onsite = "Onsite"
    final = "Final round"


class ReapplyOutcome(LabelledEnum):
    pending = "Not known yet"
    offer = "Offer"
    hired = "Hired"
    rejected_again = "Rejected again"
    withdrawn = "Withdrawn"


class RoundStage(LabelledEnum):
    screen = "Screen"
    technical = "Technical"
    onsite = "Onsite"
    final = "Final"
    other = "Other"


class FeedbackSource(LabelledEnum):
    recruiter = "Recruiter"
    hiring_manager = "Hiring manager"
    interviewer = "Interviewer"
    self = "Self"
    other = "Other"


class FeedbackTheme(LabelledEnum):
    technical = "Technical"
    experience = "Experience"
    communication = "Communication"
    soft_skills = "Soft skills"
    industry_knowledge = "Industry knowledge"
    culture_fit = "Culture fit"
    other = "Other"


class FeedbackStatus(LabelledEnum):
    open = "Open"
    addressing = "Addressing"
    addressed = "Addressed"


class Verdict(LabelledEnum):
    strong = "Strong"
    solid = "Solid"
    gap = "Gap"


class CompetencyArea(LabelledEnum):
    motivation = "Motivation"
    proactivity = "Proactivity"
    ambiguity = "Handling ambiguity"
    perseverance = "Perseverance"
    conflict_resolution = "Conflict resolution"
    empathy = "Empathy"
    growth = "Growth"
    communication = "Communication"


class SkillCategory(LabelledEnum):
    technical = "Technical"
    soft = "Soft"
    industry = "Industry"


class ActivityKind(LabelledEnum):
    course = "Course"
    workshop = "Workshop"
    mentorship = "Mentorship"
    book = "Book"
    certification = "Certification"
    practice = "Practice"


class ActivityStatus(LabelledEnum):
    planned = "Planned"
    in_progress = "In progress"
    done = "Done"
    dropped = "Dropped"


class ExperienceKind(LabelledEnum):
    work_project = "Work project"
    freelance = "Freelance"
    volunteer = "Volunteer"
    side_project = "Side project"
    course_project = "Course project"


class Relationship(LabelledEnum):
    recruiter = "Recruiter"
    hiring_manager = "Hiring manager"
    interviewer = "Interviewer"
    employee_at_target = "Employee at target"
    referrer = "Referrer"
    mentor = "Mentor"
    peer = "Peer"
    other = "Other"


class Channel(LabelledEnum):
    email = "E-mail"
    call = "Call"
    video = "Video"
    coffee = "Coffee"
    event = "Event"
    message = "Message"


class EventKind(LabelledEnum):
    conference = "Conference"
    meetup = "Meetup"
    webinar = "Webinar"
    workshop = "Workshop"
    association_membership = "Association membership"


class EventStatus(LabelledEnum):
    interested = "Interested"
    registered = "Registered"
    attended = "Attended"
    member = "Member"


class QuestionCategory(LabelledEnum):
    behavioural = "Behavioural"
    technical = "Technical"
    motivation = "Motivation"
    company = "Company"
    previous_application = "About the previous application"


class PracticeRating(LabelledEnum):
    # Stored by name (FSRS's Again/Hard/Good/Easy); a person reads what each one means.
    again = "Blanked"
    hard = "Struggled"
    good = "Solid"
    easy = "Nailed it"


class JournalKind(LabelledEnum):
    win = "Win"
    lesson = "Lesson"
    gratitude = "Gratitude"
