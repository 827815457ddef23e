-- 0034 SLA timers (issue 11, deliverable 8): one first-response timer per customer email that expects a reply, when
-- the business has a target (client_config.sla.first_response_minutes). Rows, not memory: the timer is written in the
-- statement that completes the email's job, and the `sla.check` job breaches due timers in one statement that also
-- writes the breach's analytics event and its notifications (SLATimerRepository), so a restart loses none and a breach
-- is alerted once.
--
-- due_at is computed in business minutes (BusinessClock: the business's timezone, split shifts, holidays, overrides,
-- daylight saving) when the timer starts; the checker only compares it with now().
--
-- Service-only, like floworx.jobs: RLS on with no policy and no grant, so a grant made by mistake still shows nothing.
-- Owners reach their timers only through the API (POST /api/v1/emails/{id}/handled), which checks the email through
-- the tenant's own RLS on email_logs first.
CREATE TABLE floworx.sla_timers (
    email_log_id uuid PRIMARY KEY REFERENCES public.email_logs(id) ON DELETE CASCADE,
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL,
    due_at timestamptz NOT NULL CHECK (due_at >= started_at),
    target_minutes integer NOT NULL CHECK (target_minutes BETWEEN 1 AND 10080),
    -- The email's category when the timer started, for the breach alert (email_logs keeps none).
    category text CHECK (category ~ '^[A-Z_]{2,32}$'),
    -- The provider's thread id: a sent message seen in this thread by mailbox sync answers the timer.
    thread_id text CHECK (length(thread_id) <= 500),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'answered', 'breached', 'cancelled')),
    -- When and how a reply was known; also set on a breached timer answered late (its status stays breached).
    answered_at timestamptz,
    answered_by text CHECK (answered_by IN ('mailbox', 'api')),
    breached_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'answered' OR answered_at IS NOT NULL),
    CHECK (status <> 'breached' OR breached_at IS NOT NULL),
    CHECK ((answered_at IS NULL) = (answered_by IS NULL))
);
-- The checker's scan: the due pending timers, earliest first.
CREATE INDEX sla_timers_due ON floworx.sla_timers (due_at) WHERE status = 'pending';
-- A reply seen in a mailbox thread.
CREATE INDEX sla_timers_thread ON floworx.sla_timers (client_id, thread_id) WHERE status = 'pending' AND thread_id IS NOT NULL;
-- ON DELETE CASCADE from profiles, and the digest's breaches per business and day.
CREATE INDEX sla_timers_client ON floworx.sla_timers (client_id, breached_at);
COMMENT ON TABLE floworx.sla_timers IS 'First-response (SLA) timers per customer email, in business minutes (issue 11)';
ALTER TABLE floworx.sla_timers ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.sla_timers FROM PUBLIC;
