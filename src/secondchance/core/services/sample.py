"""A realistic sample workspace: one comeback story that touches every table.

It exists so a person can see what a well-used Second Chance looks like before entering
their own data, and so developers and tests have something believable to look at.  All
dates are relative to ``today``: the countdown to the eligible date is always running.

The story: Amara applied for a Data Analyst role at Northwind Health (fictional), reached
the final round and was turned down.  The feedback named slow SQL window functions, stories
without numbers and thin healthcare knowledge, and praised her communication.  Since then
she finished a SQL course, is halfway through a healthcare-analytics course, plans a Tableau
certification, volunteered at a food bank, analysed public hospital wait times, met people
who work at Northwind, reworked her resume and rehearsed her answers.

Contacts and events are shared by all targets, so a second call reuses them (matched by
name) instead of creating look-alikes; everything else belongs to the new target.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table, exists, select
from sqlalchemy.orm import Session

from secondchance.core.dates import add_months
from secondchance.core.db import Database
from secondchance.core.models import (
    ActivityKind,
    ActivityStatus,
    Channel,
    CompetencyArea,
    CompetencyRating,
    Contact,
    CoverLetter,
    Event,
    EventKind,
    EventStatus,
    Experience,
    ExperienceKind,
    Feedback,
    FeedbackSource,
    FeedbackStatus,
    FeedbackTheme,
    Interaction,
    InterviewRound,
    JournalEntry,
    JournalKind,
    LearningActivity,
    PortfolioItem,
    PracticeRating,
    PracticeSession,
    Question,
    QuestionCategory,
    Reflection,
    Relationship,
    ResumeVersion,
    RoundStage,
    Skill,
    SkillCategory,
    SkillLevelChange,
    Target,
    TargetStatus,
    Verdict,
    contact_target,
    event_contact,
)

SAMPLE_COMPANY = "Northwind Health"
SAMPLE_ROLE = "Data Analyst"

__all__ = ["SAMPLE_COMPANY", "SAMPLE_ROLE", "add_sample_target"]


def _free_company_name(session: Session) -> str:
    taken = set(session.scalars(select(Target.company)))
    if SAMPLE_COMPANY not in taken:
        return SAMPLE_COMPANY
    n = 2
    while f"{SAMPLE_COMPANY} (sample {n})" in taken:
        n += 1
    return f"{SAMPLE_COMPANY} (sample {n})"


def _link(session: Session, table: Table, **ids: int) -> None:
    """Insert a link row unless it is already there (shared records may be linked already)."""
    condition = [table.c[name] == value for name, value in ids.items()]
    if not session.scalar(select(exists().where(*condition))):
        session.execute(table.insert().values(**ids))


def add_sample_target(db: Database, today: dt.date | None = None) -> int:
    """Add the sample comeback story as a new target and return the target's id."""
    today = today if today is not None else dt.date.today()
    with db.transaction() as session:
        return _build(session, today)


def _build(session: Session, today: dt.date) -> int:
    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    def ahead(days: int) -> dt.date:
        return today + dt.timedelta(days=days)

    final_round = add_months(today, -5)
    rejection = final_round + dt.timedelta(days=7)
    eligible = add_months(rejection, 6)

    def after_rejection(days: int) -> dt.date:
        return rejection + dt.timedelta(days=days)

    screen = final_round - dt.timedelta(days=21)
    technical_round = final_round - dt.timedelta(days=10)
    applied = screen - dt.timedelta(days=10)
    sql_course_done = after_rejection(75)

    # --- target and the interview itself ---------------------------------------------
    target = Target(
        company=_free_company_name(session),
        role=SAMPLE_ROLE,
        posting_url="https://careers.example.com/northwind-health/data-analyst",
        job_description=JOB_DESCRIPTION,
        first_interview_date=screen,
        rejection_date=rejection,
        eligible_date=eligible,
        feedback_requested_on=rejection + dt.timedelta(days=1),
        status=TargetStatus.preparing,
        notes=(
            "Reached the final round. The recruiter said they would be glad to see me apply "
            "again after six months. This is the sample story: change or delete anything."
        ),
    )
    session.add(target)
    session.flush()

    screen_round = InterviewRound(
        target_id=target.id,
        date=screen,
        stage=RoundStage.screen,
        format="Phone call, 30 minutes",
        interviewers="Marisol Ortega-Díaz (Talent Acquisition)",
        outcome="Moved forward",
        notes="Salary range and team set-up discussed. Friendly and quick.",
    )
    tech_round = InterviewRound(
        target_id=target.id,
        date=technical_round,
        stage=RoundStage.technical,
        format="Take-home dashboard, then a 45-minute review on video",
        interviewers="Rafael Costa (Senior Data Analyst)",
        outcome="Moved forward",
        notes="The analysis was right, but I ran out of time polishing the dashboard.",
    )
    final = InterviewRound(
        target_id=target.id,
        date=final_round,
        stage=RoundStage.final,
        format="Onsite panel: live SQL exercise, behavioural interview, hiring manager chat",
        interviewers="Dana Whitlock (Analytics Manager), Rafael Costa, Kenji Mori (Clinical Ops)",
        outcome="Not selected",
        notes=(
            "Got stuck on a running-total query with a partition and spent ten minutes on "
            "it. The conversation with Dana went well."
        ),
    )
    session.add_all([screen_round, tech_round, final])

    # --- skills, with a history of levels rising since the rejection ------------------
    def skill(
        name: str,
        category: SkillCategory,
        required: int,
        importance: int,
        history: list[tuple[dt.date, int]],
        notes: str,
    ) -> Skill:
        record = Skill(
            target_id=target.id,
            name=name,
            category=category,
            required_level=required,
            current_level=history[-1][1],
            importance=importance,
            notes=notes,
            level_changes=[SkillLevelChange(date=day, level=level) for day, level in history],
        )
        session.add(record)
        return record

    baseline = after_rejection(3)
    sql = skill(
        "SQL (window functions)",
        SkillCategory.technical,
        4,
        3,
        [(baseline, 2), (after_rejection(45), 3), (sql_course_done, 4)],
        "Correct but slow under pressure. Timed drills three times a week since the course.",
    )
    viz = skill(
        "Data visualisation (Tableau)",
        SkillCategory.technical,
        4,
        2,
        [(baseline, 1), (ago(30), 2)],
        "The posting names Tableau. The food bank dashboard was my first real one.",
    )
    python = skill(
        "Python (pandas)",
        SkillCategory.technical,
        3,
        2,
        [(baseline, 3)],
        "Already at the level the role needs; used for cleaning the wait-time data.",
    )
    healthcare = skill(
        "Healthcare data and metrics",
        SkillCategory.industry,
        3,
        3,
        [(baseline, 1), (ago(20), 2)],
        "Claims, encounters, wait times, readmissions. The course covers most of this.",
    )
    storytelling = skill(
        "Telling impact with numbers",
        SkillCategory.soft,
        4,
        3,
        [(baseline, 1), (ago(60), 2), (ago(25), 3)],
        "Every story needs a before, an after and a number.",
    )
    stakeholders = skill(
        "Stakeholder communication",
        SkillCategory.soft,
        4,
        2,
        [(baseline, 4)],
        "Named as a strength in the feedback. Keep it.",
    )

    # --- contacts and events are shared: reuse them if an earlier sample made them ----
    def contact(name: str, company: str | None, **fields: object) -> tuple[Contact, bool]:
        found = session.scalars(
            select(Contact).where(Contact.name == name, Contact.company == company)
        ).first()
        if found is not None:
            return found, False
        record = Contact(name=name, company=company, **fields)
        session.add(record)
        return record, True

    recruiter, new_recruiter = contact(
        "Marisol Ortega-Díaz",
        SAMPLE_COMPANY,
        title="Talent Acquisition Partner",
        email="marisol.ortega-diaz@example.com",
        phone="+1 555 0142",
        linkedin_url="https://example.org/profiles/marisol-ortega-diaz",
        relationship=Relationship.recruiter,
        how_we_met="Ran my application at Northwind Health.",
        keep_in_touch_days=90,
        tags="northwind, recruiter",
        notes="Prefers e-mail. Said a short progress note before reapplying would be welcome.",
    )
    zoe, new_zoe = contact(
        "Zoë Ahmed",
        SAMPLE_COMPANY,
        title="Senior Data Analyst, Patient Access",
        email="zoe.ahmed@example.com",
        linkedin_url="https://example.org/profiles/zoe-ahmed",
        relationship=Relationship.employee_at_target,
        how_we_met="Introduced by Søren (my mentor).",
        keep_in_touch_days=45,
        tags="northwind, analytics",
        notes="Works on emergency department wait times. Generous with advice.",
    )
    lukasz, new_lukasz = contact(
        "Łukasz Nowak",
        SAMPLE_COMPANY,
        title="Analytics Engineer",
        email="lukasz.nowak@example.com",
        linkedin_url="https://example.org/profiles/lukasz-nowak",
        relationship=Relationship.employee_at_target,
        how_we_met="City Analytics Meetup, after his talk on data quality checks.",
        keep_in_touch_days=60,
        tags="northwind, meetup",
        notes="Builds the data models the analysts use. Suggested reading up on data modelling.",
    )
    mentor, new_mentor = contact(
        "Søren Lindqvist",
        "Independent consultant",
        title="Analytics consultant, former head of BI",
        email="soren.lindqvist@example.org",
        phone="+1 555 0177",
        relationship=Relationship.mentor,
        how_we_met="Mentoring programme of the Health Data Practitioners Association.",
        keep_in_touch_days=30,
        tags="mentor",
        notes="Monthly call. Pushes me to put a number on every result.",
    )
    session.flush()
    for person in (recruiter, zoe, lukasz, mentor):
        _link(session, contact_target, contact_id=person.id, target_id=target.id)

    # Interactions belong to the person, not the target: only a new contact gets history.
    if new_recruiter:
        session.add_all(
            [
                Interaction(
                    contact_id=recruiter.id,
                    date=after_rejection(1),
                    channel=Channel.email,
                    summary="Thanked her for the process and asked whether the panel could "
                    "share feedback.",
                    follow_up_date=after_rejection(8),
                    follow_up_done=True,
                ),
                Interaction(
                    contact_id=recruiter.id,
                    date=after_rejection(6),
                    channel=Channel.call,
                    summary="Feedback call: SQL speed, no numbers in my stories, limited "
                    "healthcare background; communication was a real plus. Welcome to "
                    "reapply after six months.",
                    follow_up_done=True,
                ),
                Interaction(
                    contact_id=recruiter.id,
                    date=ago(12),
                    channel=Channel.email,
                    summary="Sent a short progress note. She confirmed the reapply window "
                    f"opens on {eligible.isoformat()}.",
                    follow_up_date=eligible - dt.timedelta(days=14),
                    follow_up_done=False,
                ),
            ]
        )
    if new_zoe:
        session.add_all(
            [
                Interaction(
                    contact_id=zoe.id,
                    date=ago(98),
                    channel=Channel.coffee,
                    summary="Coffee chat. Her team's biggest questions are about wait times "
                    "and missed appointments. Recommended learning how encounters are coded.",
                    follow_up_date=ago(91),
                    follow_up_done=True,
                ),
                Interaction(
                    contact_id=zoe.id,
                    date=ago(25),
                    channel=Channel.message,
                    summary="Shared my hospital wait-time write-up. She suggested adding "
                    "readmission rates as a second lens.",
                    follow_up_date=ahead(5),
                    follow_up_done=False,
                ),
            ]
        )
    if new_lukasz:
        session.add_all(
            [
                Interaction(
                    contact_id=lukasz.id,
                    date=ago(60),
                    channel=Channel.event,
                    summary="Talked after his meetup talk about testing data pipelines.",
                    follow_up_date=ago(55),
                    follow_up_done=True,
                ),
                Interaction(
                    contact_id=lukasz.id,
                    date=ago(48),
                    channel=Channel.coffee,
                    summary="Coffee chat about how the analytics team works day to day. "
                    "SQL reviews are part of every pull request.",
                    follow_up_date=ago(40),
                    follow_up_done=True,
                ),
            ]
        )
    if new_mentor:
        session.add_all(
            [
                Interaction(
                    contact_id=mentor.id,
                    date=day,
                    channel=Channel.video,
                    summary=summary,
                    follow_up_date=None,
                    follow_up_done=True,
                )
                for day, summary in [
                    (after_rejection(20), "First session: turned the feedback into a plan."),
                    (after_rejection(50), "Rewrote two interview stories with numbers."),
                    (ago(62), "Reviewed the food bank dashboard; cut it from 9 charts to 4."),
                ]
            ]
            + [
                Interaction(
                    contact_id=mentor.id,
                    date=ago(30),
                    channel=Channel.video,
                    summary="Went through the reworked resume line by line.",
                    follow_up_date=ahead(3),
                    follow_up_done=False,
                )
            ]
        )

    def event(name: str, **fields: object) -> Event:
        found = session.scalars(select(Event).where(Event.name == name)).first()
        if found is not None:
            return found
        record = Event(name=name, **fields)
        session.add(record)
        return record

    meetup = event(
        "City Analytics Meetup",
        kind=EventKind.meetup,
        organiser="City Analytics Group",
        date=ago(60),
        location="Central Library, Room 2",
        status=EventStatus.attended,
        notes="Talk on data quality checks. Met Łukasz from Northwind afterwards.",
    )
    conference = event(
        "Healthcare Data Summit",
        kind=EventKind.conference,
        organiser="Health Data Practitioners Association",
        date=ahead(21),
        location="https://example.org/healthcare-data-summit",
        status=EventStatus.registered,
        notes="Zoë's team is presenting on wait-time forecasting. Early-bird ticket bought.",
    )
    association = event(
        "Health Data Practitioners Association",
        kind=EventKind.association_membership,
        organiser="Health Data Practitioners Association",
        date=after_rejection(15),
        location="https://example.org/hdpa",
        status=EventStatus.member,
        notes="Student-rate membership. Monthly webinars and the mentoring programme.",
    )
    session.flush()
    _link(session, event_contact, event_id=meetup.id, contact_id=lukasz.id)
    _link(session, event_contact, event_id=conference.id, contact_id=zoe.id)
    _link(session, event_contact, event_id=association.id, contact_id=mentor.id)

    # --- feedback: partly addressed, partly in progress, one still open ----------------
    feedback_received = after_rejection(6)
    session.add_all(
        [
            Feedback(
                target_id=target.id,
                round_id=final.id,
                received_on=feedback_received,
                source=FeedbackSource.recruiter,
                contact_id=recruiter.id,
                text="The panel felt your SQL was correct but slow: the window-function "
                "exercise took much longer than expected under time pressure.",
                theme=FeedbackTheme.technical,
                status=FeedbackStatus.addressed,
                response="Finished an advanced SQL course (certificate linked) and kept up "
                "timed drills. The same kind of query now takes me about 6 minutes, not 20.",
                skills=[sql],
            ),
            Feedback(
                target_id=target.id,
                round_id=final.id,
                received_on=feedback_received,
                source=FeedbackSource.hiring_manager,
                contact_id=None,
                text="Your examples were relevant, but we couldn't tell what difference your "
                "work made. Numbers and before/after would have helped.",
                theme=FeedbackTheme.experience,
                status=FeedbackStatus.addressing,
                response="Rewrote my resume bullets and STAR answers with a measurable result "
                "each. Practising them with Søren; two stories still need numbers.",
                skills=[storytelling],
            ),
            Feedback(
                target_id=target.id,
                round_id=final.id,
                received_on=feedback_received,
                source=FeedbackSource.recruiter,
                contact_id=recruiter.id,
                text="Other finalists had more experience with healthcare data such as "
                "claims, encounters and patient-access metrics.",
                theme=FeedbackTheme.industry_knowledge,
                status=FeedbackStatus.addressing,
                response="Healthcare analytics course in progress; side project on public "
                "hospital wait-time data; coffee chats with two Northwind analysts.",
                skills=[healthcare],
            ),
            Feedback(
                target_id=target.id,
                round_id=final.id,
                received_on=feedback_received,
                source=FeedbackSource.hiring_manager,
                contact_id=None,
                text="Clear, calm communicator. Explained trade-offs to a non-technical panel "
                "member very well.",
                theme=FeedbackTheme.communication,
                status=FeedbackStatus.addressed,
                response="A strength to keep. Open answers with the conclusion, as I did then.",
                skills=[stakeholders],
            ),
            Feedback(
                target_id=target.id,
                round_id=tech_round.id,
                received_on=after_rejection(2),
                source=FeedbackSource.self,
                text="My take-home dashboard was crowded. I built it in a tool I had barely "
                "used, and it showed.",
                theme=FeedbackTheme.technical,
                status=FeedbackStatus.open,
                response="Plan: Tableau certification before reapplying.",
                skills=[viz],
            ),
        ]
    )

    # --- self-assessment --------------------------------------------------------------
    session.add_all(
        [
            Reflection(
                target_id=target.id,
                round_id=final.id,
                question="For each clinic, show the running total of appointments per week "
                "and the week-over-week change.",
                what_i_said="Started with a self-join, switched to SUM() OVER halfway through, "
                "forgot the PARTITION BY at first.",
                what_landed="Talking through my approach out loud.",
                what_was_missing="Speed, and going straight to a window function with "
                "PARTITION BY clinic ORDER BY week, then LAG() for the change.",
                better_answer="Say the plan in one sentence, write the window function first, "
                "check one clinic by hand, then handle edge cases (weeks with no visits).",
                verdict=Verdict.gap,
            ),
            Reflection(
                target_id=target.id,
                round_id=final.id,
                question="Tell me about a project you're proud of.",
                what_i_said="The reporting clean-up at my current job: what I built and how.",
                what_landed="Clear structure, honest about what went wrong.",
                what_was_missing="The result. I never said the report went from two days to "
                "two hours, or who used it.",
                better_answer="Lead with the result: two days to two hours, used weekly by "
                "four managers. Then the how.",
                verdict=Verdict.solid,
            ),
            Reflection(
                target_id=target.id,
                round_id=final.id,
                question="How would you explain a surprising result to a clinic manager?",
                what_i_said="Start with what it means for their patients, then one chart, then "
                "what we are still unsure about.",
                what_landed="The panel nodded through this; Dana said it was exactly right.",
                what_was_missing="Nothing important.",
                better_answer="Same answer, with a real example ready.",
                verdict=Verdict.strong,
            ),
            Reflection(
                target_id=target.id,
                round_id=screen_round.id,
                question="Why healthcare?",
                what_i_said="That I want my work to matter to people.",
                what_landed="Sincere.",
                what_was_missing="Anything specific to healthcare data or to Northwind.",
                better_answer="Name a problem Northwind works on (wait times) and what I have "
                "done to understand it.",
                verdict=Verdict.gap,
            ),
        ]
    )

    ratings = {
        CompetencyArea.motivation: (5, "I want this role more now than before."),
        CompetencyArea.proactivity: (4, "Asked for feedback the day after the rejection."),
        CompetencyArea.ambiguity: (3, "Fine with vague requests if I can ask questions early."),
        CompetencyArea.perseverance: (4, "Kept the SQL drills going for four months."),
        CompetencyArea.conflict_resolution: (3, "Few examples; need one story ready."),
        CompetencyArea.empathy: (
            4,
            "Food bank volunteers trusted the dashboard because I listened first.",
        ),
        CompetencyArea.growth: (4, "Every feedback point has a plan."),
        CompetencyArea.communication: (5, "Named as a strength by the panel."),
    }
    session.add_all(
        CompetencyRating(target_id=target.id, area=area, rating=rating, note=note)
        for area, (rating, note) in ratings.items()
    )

    # --- development plan -------------------------------------------------------------
    session.add_all(
        [
            LearningActivity(
                target_id=target.id,
                skill_id=sql.id,
                kind=ActivityKind.course,
                title="Advanced SQL: window functions and query tuning",
                provider="Example Learning",
                url="https://example.org/courses/advanced-sql",
                status=ActivityStatus.done,
                start_date=after_rejection(10),
                due_date=after_rejection(90),
                completed_on=sql_course_done,
                hours_planned=30,
                hours_spent=34,
                cost=49.0,
                evidence_url="https://example.org/certificates/advanced-sql-7Q2K",
                notes="Final project: patient-flow queries on a synthetic hospital dataset.",
            ),
            LearningActivity(
                target_id=target.id,
                skill_id=sql.id,
                kind=ActivityKind.practice,
                title="Timed SQL drills, three a week",
                provider=None,
                url="https://example.org/sql-practice",
                status=ActivityStatus.in_progress,
                start_date=after_rejection(20),
                due_date=eligible - dt.timedelta(days=7),
                hours_planned=40,
                hours_spent=26,
                cost=0.0,
                notes="Rule: 15 minutes per problem, then read the model answer.",
            ),
            LearningActivity(
                target_id=target.id,
                skill_id=healthcare.id,
                kind=ActivityKind.course,
                title="Healthcare Analytics Foundations",
                provider="Example University Extension",
                url="https://example.org/courses/healthcare-analytics",
                status=ActivityStatus.in_progress,
                start_date=ago(45),
                due_date=ahead(30),
                hours_planned=40,
                hours_spent=17.5,
                cost=120.0,
                notes="Modules done: claims data, encounters. Next: quality and access metrics.",
            ),
            LearningActivity(
                target_id=target.id,
                skill_id=viz.id,
                kind=ActivityKind.certification,
                title="Tableau certification (entry level)",
                provider="Certification programme",
                url="https://example.org/certifications/tableau-entry",
                status=ActivityStatus.planned,
                start_date=ahead(10),
                due_date=eligible - dt.timedelta(days=5),
                hours_planned=25,
                cost=100.0,
                notes="Book the exam once the healthcare course is finished.",
            ),
            LearningActivity(
                target_id=target.id,
                skill_id=storytelling.id,
                kind=ActivityKind.mentorship,
                title="Monthly mentoring with Søren",
                provider="Health Data Practitioners Association",
                status=ActivityStatus.in_progress,
                start_date=after_rejection(20),
                due_date=eligible,
                hours_planned=12,
                hours_spent=5,
                cost=0.0,
                notes="Focus: stories with numbers, resume review, mock interview before "
                "reapplying.",
            ),
            LearningActivity(
                target_id=target.id,
                skill_id=None,
                kind=ActivityKind.book,
                title="Practical Statistics for Working Analysts",
                provider="Example Press",
                status=ActivityStatus.dropped,
                start_date=after_rejection(15),
                due_date=after_rejection(60),
                hours_planned=20,
                hours_spent=6,
                cost=38.0,
                notes="Stopped at chapter 4: good book, but not what the feedback asked for. "
                "Moved the time to SQL drills.",
            ),
        ]
    )

    # --- experience -------------------------------------------------------------------
    food_bank = Experience(
        target_id=target.id,
        kind=ExperienceKind.volunteer,
        title="Demand dashboard for a community food bank",
        organisation="Riverside Community Food Bank",
        role="Volunteer data analyst",
        start_date=after_rejection(20),
        end_date=ago(30),
        description="Moved stock counts from paper to a shared sheet, modelled weekly demand "
        "and built a four-chart dashboard the coordinators check every Friday.",
        outcomes="Weekly stock count cut from 3 hours to 40 minutes. Weekend demand forecast "
        "within ±8% over 10 weeks. Produce waste down 15% (about 120 kg a month).",
        url="https://example.org/portfolio/food-bank-dashboard",
        resume_bullet="Built a demand dashboard for a food bank that cut stock-count time by "
        "78% and reduced produce waste by 15% (≈120 kg/month).",
        skills=[sql, viz, storytelling],
    )
    wait_times = Experience(
        target_id=target.id,
        kind=ExperienceKind.side_project,
        title="Public hospital wait-time analysis",
        organisation=None,
        role="Sole author",
        start_date=ago(95),
        end_date=None,
        description="Cleaned and analysed an open dataset of emergency department wait times "
        "from a public data portal, with a short write-up for non-specialists.",
        outcomes="2.1 million visits across 38 hospitals. Weekday evening peaks add a median "
        "47 minutes. Write-up read about 1,200 times; one hospital analyst got in touch.",
        url="https://example.org/portfolio/hospital-wait-times",
        resume_bullet="Analysed 2.1M public emergency-department visits with SQL and pandas; "
        "found evening peaks adding a median 47 minutes of waiting.",
        skills=[sql, python, healthcare, storytelling],
    )
    work = Experience(
        target_id=target.id,
        kind=ExperienceKind.work_project,
        title="Rebuilt the weekly operations report",
        organisation="Alder & Finch Logistics",
        role="Operations analyst",
        start_date=after_rejection(40),
        end_date=ago(50),
        description="Replaced a spreadsheet assembled by hand with scheduled SQL queries.",
        outcomes="Report time from two days to two hours; used weekly by four managers.",
        resume_bullet="Automated the weekly operations report with SQL, cutting preparation "
        "from two days to two hours for four managers.",
        skills=[sql, stakeholders],
    )
    session.add_all([food_bank, wait_times, work])

    # --- resume, portfolio, cover letter ----------------------------------------------
    session.add_all(
        [
            ResumeVersion(
                target_id=target.id,
                label="Resume as sent to Northwind (v1)",
                created_on=applied - dt.timedelta(days=4),
                plain_text=RESUME_V1,
                sent_on=applied,
                change_notes="The version that got me to the final round. Kept as it was sent.",
            ),
            ResumeVersion(
                target_id=target.id,
                label="Reworked after feedback (v2)",
                created_on=ago(14),
                plain_text=RESUME_V2,
                sent_on=None,
                change_notes="Every bullet now has a number. Added the food bank and "
                "wait-time projects, the SQL certificate and healthcare coursework. "
                "Tableau mentioned only once it is earned.",
            ),
            PortfolioItem(
                target_id=target.id,
                title="Hospital wait-time analysis (write-up and queries)",
                url="https://example.org/portfolio/hospital-wait-times",
                description="Plain-language write-up with the SQL and notebooks behind it.",
                skills=[sql, python, healthcare],
            ),
            PortfolioItem(
                target_id=target.id,
                title="Food bank demand dashboard",
                url="https://example.org/portfolio/food-bank-dashboard",
                description="Screenshots and a short case study: problem, approach, results.",
                skills=[viz, sql, storytelling],
            ),
            CoverLetter(
                target_id=target.id,
                title="How I've grown since my last application",
                body=COVER_LETTER,
                created_on=ago(7),
                sent_on=None,
            ),
        ]
    )
    session.flush()

    # --- interview preparation --------------------------------------------------------
    changed = Question(
        target_id=target.id,
        category=QuestionCategory.previous_application,
        question="What has changed since you last applied?",
        situation="I reached your final round last time and was told my SQL was slow, my "
        "examples had no numbers and my healthcare knowledge was thin.",
        task="Close each of those gaps in six months, alongside a full-time job.",
        action="Finished an advanced SQL course and kept timed drills going; volunteered as "
        "a data analyst at a food bank; analysed public hospital wait-time data; started a "
        "healthcare analytics course; spoke with two of your analysts.",
        result="Window-function problems take me about 6 minutes instead of 20. The food bank "
        "cut waste by 15%. My wait-time analysis covers 2.1 million visits.",
        reflection="The feedback was the most useful thing anyone gave me this year. I'd "
        "rather show you than tell you, so my portfolio is linked.",
        experience_id=wait_times.id,
        confidence=3,
        practice_due=ahead(2),
    )
    impact = Question(
        target_id=target.id,
        category=QuestionCategory.behavioural,
        question="Tell me about a time your analysis changed a decision.",
        situation="The food bank threw away produce every Monday because weekend demand was "
        "a guess.",
        task="Give the coordinators a forecast they would trust and use.",
        action="Digitised stock counts, modelled demand by weekday and weather, and showed it "
        "on a four-chart dashboard reviewed every Friday.",
        result="Orders now follow the forecast; produce waste is down 15%, about 120 kg a month.",
        reflection="Listening to the coordinators first mattered more than the model.",
        experience_id=food_bank.id,
        confidence=4,
        practice_due=ahead(6),
    )
    window = Question(
        target_id=target.id,
        category=QuestionCategory.technical,
        question="How would you find the three longest waits per hospital per month?",
        situation="Emergency department visits with arrival and seen-by times.",
        task="Return the top three waits for every hospital and month, ties included.",
        action="Compute the wait in minutes, then DENSE_RANK() OVER (PARTITION BY hospital, "
        "month ORDER BY wait DESC) in a CTE and keep ranks 1 to 3.",
        result="One pass over the data, easy to read, and ties are handled on purpose.",
        reflection="Say whether ties count before writing any SQL; it picks the function.",
        experience_id=wait_times.id,
        confidence=4,
        practice_due=ahead(4),
    )
    motivation = Question(
        target_id=target.id,
        category=QuestionCategory.motivation,
        question="Why Northwind Health, and why again?",
        situation="After the rejection I could have applied elsewhere.",
        task="Decide whether this was the place I wanted, or only the first offer I hoped for.",
        action="Talked with Zoë and Łukasz about their work on patient access, and spent my "
        "side project on the same problem.",
        result="I'm more certain now: the wait-time work is what I want to do every day.",
        reflection="Coming back is a choice I made with more information, not stubbornness.",
        confidence=4,
        practice_due=ahead(9),
    )
    company = Question(
        target_id=target.id,
        category=QuestionCategory.company,
        question="How does Northwind Health measure patient access today?",
        situation="Zoë mentioned wait times and missed appointments as the main measures.",
        task="Be able to discuss their measures and one idea to improve them.",
        action=None,
        result=None,
        reflection="Still to research: ask Zoë at the summit, read their annual report.",
        confidence=2,
        practice_due=ahead(1),
    )
    session.add_all([changed, impact, window, motivation, company])
    session.flush()
    session.add_all(
        [
            PracticeSession(
                question_id=changed.id,
                practiced_on=ago(21),
                duration_seconds=185,
                rating=PracticeRating.again,
                notes="Rambled; listed courses instead of results.",
            ),
            PracticeSession(
                question_id=changed.id,
                practiced_on=ago(15),
                duration_seconds=140,
                rating=PracticeRating.hard,
                notes="Better order. Still too long.",
            ),
            PracticeSession(
                question_id=changed.id,
                practiced_on=ago(6),
                duration_seconds=110,
                rating=PracticeRating.good,
                notes="Under two minutes, with numbers.",
            ),
            PracticeSession(
                question_id=impact.id,
                practiced_on=ago(11),
                duration_seconds=120,
                rating=PracticeRating.good,
            ),
            PracticeSession(
                question_id=impact.id,
                practiced_on=ago(4),
                duration_seconds=95,
                rating=PracticeRating.easy,
                notes="Felt natural. Søren said the same.",
            ),
            PracticeSession(
                question_id=window.id,
                practiced_on=ago(9),
                duration_seconds=360,
                rating=PracticeRating.good,
                notes="Wrote it on paper in 6 minutes.",
            ),
        ]
    )

    session.add_all(
        [
            JournalEntry(
                target_id=target.id,
                date=after_rejection(8),
                kind=JournalKind.lesson,
                text="The feedback stung, but it is specific. Specific means fixable.",
            ),
            JournalEntry(
                target_id=target.id,
                date=sql_course_done,
                kind=JournalKind.win,
                text="Finished the SQL course. Solved a running-total problem in 6 minutes; "
                "in the interview it took me 20.",
            ),
            JournalEntry(
                target_id=target.id,
                date=ago(98),
                kind=JournalKind.gratitude,
                text="Thankful to Søren for the introduction to Zoë, and to Zoë for an hour of "
                "her time.",
            ),
            JournalEntry(
                target_id=target.id,
                date=ago(30),
                kind=JournalKind.win,
                text="Food bank project wrapped up: waste down 15%. The coordinators asked me "
                "to stay on as an adviser.",
            ),
            JournalEntry(
                target_id=target.id,
                date=ago(15),
                kind=JournalKind.lesson,
                text="Practising out loud is different from rehearsing in my head. Record it.",
            ),
        ]
    )

    session.flush()
    return target.id


JOB_DESCRIPTION = """\
Data Analyst, Patient Access — Northwind Health

We're looking for a data analyst to help our clinics see patients sooner. You'll work with
operations and clinical teams on wait times, missed appointments and capacity.

What you'll do
- Write and review SQL (including window functions) against our encounter and claims data.
- Build clear dashboards in Tableau for clinic managers.
- Turn questions from non-technical colleagues into analyses, and explain the results.
- Measure the impact of changes to scheduling and staffing.

What we're looking for
- 2+ years in a data or analytics role.
- Strong SQL; Python (pandas) is a plus.
- Experience with healthcare data (claims, encounters, quality metrics) is a strong plus.
- A habit of quantifying impact and telling the story behind the numbers.
- Clear communication with stakeholders at every level.
"""

RESUME_V1 = """\
Amara Okoye — Operations Analyst
amara.okoye@example.com

Experience
Operations Analyst, Alder & Finch Logistics (3 years)
- Responsible for weekly and monthly operations reporting.
- Worked with managers on ad-hoc data requests.
- Cleaned up the reporting process using SQL and spreadsheets.

Skills
SQL, Excel, Python (pandas), presenting to stakeholders

Education
BSc Economics
"""

RESUME_V2 = """\
Amara Okoye — Data Analyst
amara.okoye@example.com · portfolio: https://example.org/portfolio

Experience
Operations Analyst, Alder & Finch Logistics (3 years)
- Automated the weekly operations report with SQL, cutting preparation from two days to
  two hours for four managers.
- Answered 40+ ad-hoc data requests a quarter, with a one-line conclusion first.

Volunteer data analyst, Riverside Community Food Bank
- Built a demand dashboard that cut stock-count time by 78% and reduced produce waste by
  15% (about 120 kg a month).

Projects
- Public hospital wait-time analysis: 2.1M emergency-department visits with SQL window
  functions and pandas; found evening peaks adding a median 47 minutes of waiting.

Skills
SQL (window functions, CTEs, query tuning), Python (pandas), data visualisation,
healthcare data (claims, encounters, access metrics), stakeholder communication

Learning
Advanced SQL: window functions and query tuning (certificate)
Healthcare Analytics Foundations (in progress)

Education
BSc Economics
"""

COVER_LETTER = """\
Dear Hiring Team,

Last time I applied for the Data Analyst role at Northwind Health I reached the final round.
The feedback was clear: my SQL was correct but slow, my stories had no numbers, and I knew
too little about healthcare data. You also said I explained things well. I took all of it
seriously.

Since then I finished an advanced SQL course and kept up timed practice; the kind of
window-function problem that took me 20 minutes in the interview now takes about 6. I
volunteered as a data analyst for a community food bank, where a demand dashboard I built
reduced produce waste by 15%. I analysed 2.1 million public emergency-department visits to
understand what drives waiting times, and I'm halfway through a healthcare analytics course.

I also spoke with people on your analytics team about patient access. Those conversations
made me more certain that this is the work I want to do.

I'd welcome the chance to show you what has changed.

Kind regards,
Amara Okoye
"""
