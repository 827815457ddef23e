import FloWorxCore
import Foundation
import PostgresNIO

/// A batch of completions as the column arrays of the statement that completes them (`EmailQueue.complete`): the
/// queue rows, their email logs, workflow totals, custom-step jobs, drafts, events, metrics, dead letters,
/// notifications and reply timers, each written only for the jobs the statement still owns.
struct CompletionColumns {
    var jobIds: [UUID] = [], tokens: [String] = [], logIds: [UUID] = [], statuses: [String] = []
    var draftJobs: [UUID] = [], draftLogs: [UUID] = [], draftTexts: [String] = [], draftConfidence: [Double] = [], draftModels: [String] = [], draftTokens: [Int] = []
    var eventJobs: [UUID] = [], eventClients: [UUID] = [], eventTypes: [String] = [], eventData: [String] = []
    var metricJobs: [UUID] = [], metricClients: [UUID] = [], metricTypes: [String] = [], metricValues: [Double] = []
    var letterJobs: [UUID] = [], letterIds: [UUID] = []
    var workflowIds: [UUID] = [], workflowVersions: [Int] = [], workflowMilliseconds: [Double] = []
    var workflowJobs = WorkflowJobColumns()
    var outbox = OutboxColumns()
    var sla = SLATimerColumns()

    /// The empty batch: the statement's text (`CompleteJobs.sql`).
    init() {}

    init(_ completions: [JobCompletion]) {
        for completion in completions {
            let job = completion.job
            jobIds.append(job.id)
            tokens.append(job.token)
            logIds.append(job.emailLogId ?? EmailQueue.noId)
            statuses.append(completion.finalStatus)
            workflowIds.append(completion.workflow?.workflowId ?? EmailQueue.noId)
            workflowVersions.append(completion.workflow?.version ?? -1)
            workflowMilliseconds.append(completion.workflow?.milliseconds ?? 0)
            for newJob in completion.jobs { workflowJobs.append(newJob, job: job) }
            if let draft = completion.draft, let log = job.emailLogId {
                draftJobs.append(job.id)
                draftLogs.append(log)
                draftTexts.append(draft.text)
                draftConfidence.append(draft.confidence)
                draftModels.append(draft.model)
                draftTokens.append(draft.tokensUsed ?? -1)
            }
            for event in completion.events {
                eventJobs.append(job.id)
                eventClients.append(job.clientId)
                eventTypes.append(event.type)
                eventData.append(event.dataJSON)
            }
            for metric in completion.metrics {
                metricJobs.append(job.id)
                metricClients.append(job.clientId)
                metricTypes.append(metric.type)
                metricValues.append(metric.value)
            }
            if let letter = job.deadLetterId {
                letterJobs.append(job.id)
                letterIds.append(letter)
            }
            for notification in completion.notifications { outbox.append(notification, job: job) }
            if let timer = completion.slaTimer { sla.append(timer, job: job) }
        }
    }

    /// The completing statement with this batch's values; returns the ids of the jobs still owned.
    var statement: CompleteJobs { CompleteJobs(query: query) }

    private var query: PostgresQuery {
        """
            WITH owned AS (
              UPDATE public.email_queue q SET status = 'completed'
              FROM unnest(\(jobIds)::uuid[], \(tokens)::text[]) AS j(id, token)
              WHERE q.id = j.id AND q.status = 'processing' AND q.xmin::text = j.token
              RETURNING q.id
            ), logs AS (
              UPDATE public.email_logs l SET status = r.status, processed_at = now(),
                     workflow_id = nullif(r.workflow_id, '00000000-0000-0000-0000-000000000000'), workflow_version = nullif(r.workflow_version, -1)
              FROM unnest(\(jobIds)::uuid[], \(logIds)::uuid[], \(statuses)::text[], \(workflowIds)::uuid[], \(workflowVersions)::int8[])
                   AS r(job_id, log_id, status, workflow_id, workflow_version)
              WHERE l.id = r.log_id AND r.job_id IN (SELECT id FROM owned)
              RETURNING 1
            ), workflow_totals AS (
              -- Each version's running totals, in this statement: exact under concurrent workers (a row lock orders
              -- them; the average is incremental), and in one order of workflow ids so two completions never deadlock.
              INSERT INTO public.workflow_metrics AS m (workflow_id, execution_count, success_count, error_count, avg_execution_time, execution_time, success_rate)
              SELECT t.workflow_id, count(*), count(*), 0, avg(t.ms), round(avg(t.ms))::int, 1
              FROM unnest(\(jobIds)::uuid[], \(workflowIds)::uuid[], \(workflowMilliseconds)::float8[]) AS t(job_id, workflow_id, ms)
              WHERE t.job_id IN (SELECT id FROM owned) AND EXISTS (SELECT 1 FROM public.workflows w WHERE w.id = t.workflow_id)
              GROUP BY t.workflow_id
              ORDER BY t.workflow_id
              ON CONFLICT (workflow_id) WHERE execution_count > 0 DO UPDATE SET
                avg_execution_time = (m.avg_execution_time * m.success_count + excluded.avg_execution_time * excluded.success_count)
                                     / (m.success_count + excluded.success_count),
                execution_time = round((m.avg_execution_time * m.success_count + excluded.avg_execution_time * excluded.success_count)
                                       / (m.success_count + excluded.success_count))::int,
                execution_count = m.execution_count + excluded.execution_count,
                success_count = m.success_count + excluded.success_count,
                success_rate = round((m.success_count + excluded.success_count)::numeric / (m.execution_count + excluded.execution_count), 2),
                recorded_at = now()
              RETURNING 1
            ), workflow_jobs AS (
              -- Custom steps' jobs, only for owned completions; through a function so that a batch without any runs no
              -- INSERT on floworx.jobs (whose statement trigger would wake every job worker for nothing).
              SELECT floworx.queue_workflow_jobs(ARRAY(SELECT id FROM owned), \(workflowJobs.jobs)::uuid[], \(workflowJobs.kinds)::text[],
                       \(workflowJobs.payloads)::text[], \(workflowJobs.keys)::text[], \(workflowJobs.clients)::uuid[], \(workflowJobs.attempts)::int8[]) AS queued
              WHERE cardinality(\(workflowJobs.kinds)::text[]) > 0
            ), drafts AS (
              INSERT INTO public.ai_responses (email_log_id, response_text, confidence_score, model_used, tokens_used)
              SELECT d.log_id, d.body, round(d.confidence::numeric, 2), d.model, nullif(d.tokens, -1)
              FROM unnest(\(draftJobs)::uuid[], \(draftLogs)::uuid[], \(draftTexts)::text[], \(draftConfidence)::float8[], \(draftModels)::text[], \(draftTokens)::int8[])
                   AS d(job_id, log_id, body, confidence, model, tokens)
              WHERE d.job_id IN (SELECT id FROM owned)
              RETURNING 1
            ), events AS (
              INSERT INTO public.analytics_events (client_id, event_type, event_data)
              SELECT e.client_id, e.type, e.data::jsonb
              FROM unnest(\(eventJobs)::uuid[], \(eventClients)::uuid[], \(eventTypes)::text[], \(eventData)::text[]) AS e(job_id, client_id, type, data)
              WHERE e.job_id IN (SELECT id FROM owned)
              RETURNING 1
            ), metrics AS (
              INSERT INTO public.performance_metrics (client_id, metric_type, metric_value)
              SELECT m.client_id, m.type, round(m.value::numeric, 2)
              FROM unnest(\(metricJobs)::uuid[], \(metricClients)::uuid[], \(metricTypes)::text[], \(metricValues)::float8[]) AS m(job_id, client_id, type, value)
              WHERE m.job_id IN (SELECT id FROM owned)
              RETURNING 1
            ), letters AS (
              UPDATE public.dead_letter_queue d SET status = 'resolved'
              FROM unnest(\(letterJobs)::uuid[], \(letterIds)::uuid[]) AS r(job_id, letter_id)
              WHERE d.id = r.letter_id AND r.job_id IN (SELECT id FROM owned)
              RETURNING 1
            ), outbox AS (
              -- One row per key even when a batch holds several emails from one sender: the first is the alert and
              -- the rest are counted as its repeats (one statement cannot insert and update the same key).
              INSERT INTO floworx.notifications AS n (client_id, email_log_id, kind, channel, recipient, recipient_name, dedupe_key, content, status, reason, traceparent)
              SELECT DISTINCT ON (o.dedupe_key)
                     o.client_id, o.log_id, o.kind, o.channel, o.recipient, nullif(o.name, ''), o.dedupe_key,
                     CASE WHEN count(*) OVER (PARTITION BY o.dedupe_key) > 1
                          THEN jsonb_set(o.content::jsonb, '{repeats}', to_jsonb(count(*) OVER (PARTITION BY o.dedupe_key) - 1))
                          ELSE o.content::jsonb END,
                     CASE WHEN o.skip = '' THEN 'pending' ELSE 'skipped' END, nullif(o.skip, ''), nullif(o.trace, '')
              FROM unnest(\(outbox.jobs)::uuid[], \(outbox.clients)::uuid[], \(outbox.logs)::uuid[], \(outbox.kinds)::text[], \(outbox.channels)::text[],
                          \(outbox.recipients)::text[], \(outbox.names)::text[], \(outbox.keys)::text[], \(outbox.contents)::text[], \(outbox.skips)::text[],
                          \(outbox.traces)::text[])
                   WITH ORDINALITY AS o(job_id, client_id, log_id, kind, channel, recipient, name, dedupe_key, content, skip, trace, ord)
              WHERE o.job_id IN (SELECT id FROM owned)
              ORDER BY o.dedupe_key, o.ord
              -- A later email from the same sender in the alert's window: the waiting alert says so instead of a new one.
              ON CONFLICT (dedupe_key) DO UPDATE
                SET content = jsonb_set(n.content, '{repeats}',
                      to_jsonb(coalesce((n.content->>'repeats')::int, 0) + 1 + coalesce((excluded.content->>'repeats')::int, 0))),
                    updated_at = now()
                WHERE n.status = 'pending'
              RETURNING 1
            ), sla AS (
              INSERT INTO floworx.sla_timers (email_log_id, client_id, started_at, due_at, target_minutes, category, thread_id)
              SELECT s.log_id, s.client_id, to_timestamp(s.started), to_timestamp(s.due), s.minutes, s.category, nullif(s.thread, '')
              FROM unnest(\(sla.jobs)::uuid[], \(sla.logs)::uuid[], \(sla.clients)::uuid[], \(sla.started)::float8[], \(sla.due)::float8[],
                          \(sla.minutes)::int8[], \(sla.categories)::text[], \(sla.threads)::text[])
                   AS s(job_id, log_id, client_id, started, due, minutes, category, thread)
              WHERE s.job_id IN (SELECT id FROM owned)
              ON CONFLICT (email_log_id) DO NOTHING
              RETURNING 1
            )
            SELECT id FROM owned WHERE (SELECT count(*) FROM workflow_jobs) >= 0
            """
    }
}

/// `CompletionColumns`'s statement, prepared by name on each connection: a worker runs it every batch, and planning
/// its eleven parts was PostgreSQL's largest fixed cost per batch.
struct CompleteJobs: FixedStatement {
    static let name = "floworx_complete_email_jobs"
    static let sql = CompletionColumns().statement.query.sql
    let query: PostgresQuery
}
