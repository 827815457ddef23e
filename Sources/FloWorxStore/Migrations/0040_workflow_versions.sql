-- 0040 Workflows as versioned data (issue 16): a business's pipeline definition in public.workflows.
--
-- The table held each client's n8n workflow in the product this replaces, and FloWorx's data API lets a tenant store
-- any document there. A FloWorx pipeline definition is a workflow_data document with a "schemaVersion" member
-- (docs/workflows.md): those are validated against schemas/workflow_data.json on every write, are immutable once
-- saved (a change is a new version), have one version number each per business and at most one active per business.
-- Other documents (an n8n export kept for reference) are stored as before and never run.

-- schemas/workflow_data.json
INSERT INTO floworx.json_schemas (name, schema) VALUES ('workflow_data', $json${
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "workflows.workflow_data",
  "description": "A business's processing pipeline (schema version 1): the ordered steps and their settings. The first step is loopGuard; built-in steps appear at most once and in pipeline order, custom steps (webhook, forward, addLabel, stop) after the classification (checked by WorkflowValidator, which also names every problem's field). See docs/workflows.md.",
  "type": "object",
  "additionalProperties": false,
  "required": ["steps"],
  "properties": {
    "schemaVersion": { "const": 1 },
    "steps": { "type": "array", "minItems": 1, "maxItems": 50, "items": { "$ref": "#/$defs/step" } }
  },
  "$defs": {
    "step": {
      "title": "step",
      "oneOf": [
        { "$ref": "#/$defs/loopGuard" },
        { "$ref": "#/$defs/classification" },
        { "$ref": "#/$defs/businessHours" },
        { "$ref": "#/$defs/escalation" },
        { "$ref": "#/$defs/draft" },
        { "$ref": "#/$defs/writeBack" },
        { "$ref": "#/$defs/notifications" },
        { "$ref": "#/$defs/webhook" },
        { "$ref": "#/$defs/forward" },
        { "$ref": "#/$defs/addLabel" },
        { "$ref": "#/$defs/stop" }
      ]
    },
    "loopGuard": {
      "title": "loopGuard",
      "description": "Recognises automatic mail (auto-replies, bounces, bulk) so that it is never answered.",
      "type": "object", "additionalProperties": false, "required": ["type"],
      "properties": { "type": { "const": "loopGuard" } }
    },
    "classification": {
      "title": "classification",
      "type": "object", "additionalProperties": false, "required": ["type"],
      "properties": {
        "type": { "const": "classification" },
        "threshold": { "description": "Below this confidence the classification is unsure and the LLM second opinion (when on) is asked; absent: the service's setting.", "type": "number", "minimum": 0, "maximum": 1 },
        "llmSecondOpinion": { "type": "boolean" }
      }
    },
    "businessHours": {
      "title": "businessHours",
      "type": "object", "additionalProperties": false, "required": ["type"],
      "properties": { "type": { "const": "businessHours" } }
    },
    "escalation": {
      "title": "escalation",
      "type": "object", "additionalProperties": false, "required": ["type"],
      "properties": {
        "type": { "const": "escalation" },
        "ruleIds": { "description": "The escalation_rules to run, by id; absent: every active rule.", "type": "array", "maxItems": 200, "uniqueItems": true, "items": { "$ref": "#/$defs/uuid" } }
      }
    },
    "draft": {
      "title": "draft",
      "type": "object", "additionalProperties": false, "required": ["type"],
      "properties": {
        "type": { "const": "draft" },
        "categories": { "$ref": "#/$defs/categories" },
        "minConfidence": { "type": "number", "minimum": 0, "maximum": 1 },
        "autoReply": { "type": "boolean" }
      }
    },
    "writeBack": {
      "title": "writeBack",
      "type": "object", "additionalProperties": false, "required": ["type"],
      "properties": {
        "type": { "const": "writeBack" },
        "mode": { "enum": ["auto", "labels", "folders", "off"] }
      }
    },
    "notifications": {
      "title": "notifications",
      "type": "object", "additionalProperties": false, "required": ["type"],
      "properties": {
        "type": { "const": "notifications" },
        "enabled": { "type": "boolean" }
      }
    },
    "webhook": {
      "title": "webhook",
      "description": "POSTs the email's outcome, signed with HMAC-SHA256 by the secret named secretRef.",
      "type": "object", "additionalProperties": false, "required": ["type", "url"],
      "properties": {
        "type": { "const": "webhook" },
        "url": { "type": "string", "maxLength": 2000, "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#[:space:]]+" },
        "secretRef": { "type": "string", "pattern": "^[A-Za-z0-9_.-]{1,100}$" },
        "timeoutSeconds": { "type": "integer", "minimum": 1, "maximum": 60 },
        "retries": { "type": "integer", "minimum": 0, "maximum": 10 },
        "when": { "$ref": "#/$defs/when" }
      }
    },
    "forward": {
      "title": "forward",
      "type": "object", "additionalProperties": false, "required": ["type", "address"],
      "properties": {
        "type": { "const": "forward" },
        "address": { "type": "string", "maxLength": 320, "format": "email" },
        "when": { "$ref": "#/$defs/when" }
      }
    },
    "addLabel": {
      "title": "addLabel",
      "type": "object", "additionalProperties": false, "required": ["type", "label"],
      "properties": {
        "type": { "const": "addLabel" },
        "label": { "type": "string", "minLength": 1, "maxLength": 100, "pattern": "^[^/[:cntrl:]]([^[:cntrl:]]*[^/[:cntrl:]])?$" },
        "when": { "$ref": "#/$defs/when" }
      }
    },
    "stop": {
      "title": "stop",
      "description": "Ends the workflow for the emails meeting `when` (every email without it).",
      "type": "object", "additionalProperties": false, "required": ["type"],
      "properties": {
        "type": { "const": "stop" },
        "when": { "$ref": "#/$defs/when" }
      }
    },
    "when": {
      "title": "when",
      "type": "object", "additionalProperties": false,
      "properties": {
        "categories": { "$ref": "#/$defs/categories" },
        "escalated": { "type": "boolean" }
      }
    },
    "categories": {
      "type": "array", "minItems": 1, "maxItems": 50, "uniqueItems": true,
      "items": { "enum": ["URGENT", "SALES", "SUPPORT", "MANAGER", "SUPPLIERS", "BANKING", "FORMSUB", "GOOGLE_REVIEW", "PHONE", "RECRUITMENT", "PROMO", "SOCIALMEDIA", "MISC", "SEASONAL", "MAINTENANCE", "PERMITS", "SUBCONTRACTORS", "INSURANCE", "WELLNESS"] }
    },
    "uuid": { "type": "string", "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" }
  }
}$json$);

-- Rows written before this migration that carry schemaVersion but break the rules below: the newest keeps its
-- number and activity, older duplicates are renumbered after it and deactivated, so the indexes can be built.
WITH ranked AS (
    SELECT id, client_id, row_number() OVER (PARTITION BY client_id ORDER BY version NULLS FIRST, created_at, id) AS n
    FROM public.workflows WHERE workflow_data ? 'schemaVersion'
), duplicated AS (
    SELECT client_id FROM public.workflows WHERE workflow_data ? 'schemaVersion'
    GROUP BY client_id HAVING count(*) <> count(DISTINCT version)
)
UPDATE public.workflows w SET version = r.n
FROM ranked r WHERE w.id = r.id AND r.client_id IN (SELECT client_id FROM duplicated);
UPDATE public.workflows SET is_active = false
WHERE workflow_data ? 'schemaVersion' AND is_active IS NOT false AND id NOT IN (
    SELECT DISTINCT ON (client_id) id FROM public.workflows
    WHERE workflow_data ? 'schemaVersion' AND is_active ORDER BY client_id, version DESC
);

-- One number per version of a business's definitions, and exactly one active (the partial unique index; the INCLUDE
-- lets the queue's claim find a business's active version from the index alone).
CREATE UNIQUE INDEX workflows_definition_version ON public.workflows (client_id, version) WHERE workflow_data ? 'schemaVersion';
CREATE UNIQUE INDEX workflows_one_active_definition ON public.workflows (client_id) INCLUDE (id, version)
    WHERE is_active AND workflow_data ? 'schemaVersion';

-- Validation on insert, and immutability: a saved definition's workflow_data never changes (activation, renaming
-- and deployment stamps still may), so the version an email log names is exactly what ran.
CREATE FUNCTION floworx.validate_workflows_json()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.workflow_data IS DISTINCT FROM OLD.workflow_data AND OLD.workflow_data ? 'schemaVersion' THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = 'workflows.workflow_data: a saved workflow version cannot change',
            DETAIL = 'version ' || OLD.version || ' of this business''s workflow is immutable.',
            HINT = 'Save the new definition as a new version (POST /api/v1/workflows) and activate it.',
            SCHEMA = 'public',
            TABLE = 'workflows',
            COLUMN = 'workflow_data',
            CONSTRAINT = 'workflows_workflow_data_immutable';
    END IF;
    IF NEW.workflow_data ? 'schemaVersion' AND (TG_OP = 'INSERT' OR NEW.workflow_data IS DISTINCT FROM OLD.workflow_data) THEN
        PERFORM floworx.assert_json('workflows', 'workflow_data', 'workflow_data', NEW.workflow_data);
        IF NEW.version IS NULL OR NEW.version < 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = 'check_violation',
                MESSAGE = 'workflows.version: must be a positive integer',
                SCHEMA = 'public', TABLE = 'workflows', COLUMN = 'version', CONSTRAINT = 'workflows_version_positive';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER validate_workflows_json
    BEFORE INSERT OR UPDATE OF workflow_data ON public.workflows
    FOR EACH ROW EXECUTE FUNCTION floworx.validate_workflows_json();

-- Which version processed each email (written by the completion that finishes its job). No foreign key: a log is
-- history, kept when the version is deleted, and the completion then pays no key check per email.
ALTER TABLE public.email_logs ADD COLUMN workflow_id uuid, ADD COLUMN workflow_version integer;
COMMENT ON COLUMN public.email_logs.workflow_id IS 'The workflows row (version) that processed this email';
COMMENT ON COLUMN public.email_logs.workflow_version IS 'Its version number, kept if the version is deleted';

-- Running totals per version, one row each (execution_count > 0), updated by the statements that finish jobs: the
-- completion (successes, with the incremental average time) and a failed attempt (errors). Rows without counts
-- (recorded samples, as the seed's columns had them) are left alone.
ALTER TABLE public.workflow_metrics
    ADD COLUMN execution_count bigint NOT NULL DEFAULT 0,
    ADD COLUMN success_count bigint NOT NULL DEFAULT 0,
    ADD COLUMN avg_execution_time double precision NOT NULL DEFAULT 0;
COMMENT ON COLUMN public.workflow_metrics.execution_count IS 'Runs of the version finished (successes + errors)';
COMMENT ON COLUMN public.workflow_metrics.success_count IS 'Emails the version processed to the end';
COMMENT ON COLUMN public.workflow_metrics.avg_execution_time IS 'Mean processing time of the successes, milliseconds';
CREATE UNIQUE INDEX workflow_metrics_totals ON public.workflow_metrics (workflow_id) WHERE execution_count > 0;

-- The custom steps' jobs (workflow.webhook, workflow.forward) of an email completion, inserted only for the queue jobs
-- the completion still owned. A function, so that a completion without any such job runs no INSERT on floworx.jobs:
-- its statement-level NOTIFY trigger would otherwise wake every job worker on every completion.
CREATE FUNCTION floworx.queue_workflow_jobs(owned uuid[], email_jobs uuid[], kinds text[], payloads text[], keys text[], clients uuid[], attempts int8[])
RETURNS integer
LANGUAGE sql
SET search_path = ''
AS $$
    WITH inserted AS (
        INSERT INTO floworx.jobs (kind, payload, dedupe_key, client_id, max_attempts)
        SELECT j.kind, j.payload::jsonb, nullif(j.dedupe_key, ''), j.client_id, j.attempts
        FROM unnest(email_jobs, kinds, payloads, keys, clients, attempts) AS j(email_job, kind, payload, dedupe_key, client_id, attempts)
        WHERE j.email_job = ANY(owned)
        ON CONFLICT DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::int FROM inserted
$$;
REVOKE ALL ON FUNCTION floworx.queue_workflow_jobs(uuid[], uuid[], text[], text[], text[], uuid[], int8[]) FROM PUBLIC;
