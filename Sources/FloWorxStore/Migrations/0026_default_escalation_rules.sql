-- 0026 The safety defaults of DOMAIN.md's triage conventions become real escalation_rules rows.
--
-- Before: a business without rules was evaluated with built-in defaults that GET /rest/v1/escalation_rules never
-- showed, and adding any rule of one's own silently switched them off. Now every business has the defaults as rows
-- (created with its profile by the trigger below; back-filled here for every existing business, including those
-- that have rules of their own, whose defaults had been switched off without anyone saying so). They are edited and
-- switched off (is_active = false) like any other rule, and the analyzer evaluates exactly the business's rows.
-- Names, conditions and actions equal RuleEngine.defaultRules (a test compares them).
--
-- The conditions schema gains the boolean fact escalation_cue: the triage conventions call for escalation (a
-- customer issue rated high or critical, a complaint threatening a review, the BBB or legal action, a request for
-- the owner or a manager).

UPDATE floworx.json_schemas SET schema = $json${
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "escalation_rules.conditions",
  "description": "A boolean tree over the facts of one email (schema version 1): {\"all\": [...]}, {\"any\": [...]}, {\"not\": {...}}, a leaf {\"fact\": ..., \"op\": ..., \"value\": ...}, or {}, which matches every email.",
  "$ref": "#/$defs/condition",
  "$defs": {
    "condition": {
      "title": "condition",
      "oneOf": [
        { "$ref": "#/$defs/always" },
        { "$ref": "#/$defs/all" },
        { "$ref": "#/$defs/any" },
        { "$ref": "#/$defs/not" },
        { "$ref": "#/$defs/leaf" }
      ],
      "errorMessage": { "oneOf": "must be {}, {\"all\": [...]}, {\"any\": [...]}, {\"not\": {...}} or a leaf {\"fact\", \"op\", \"value\"}" }
    },
    "always": {
      "title": "{} (matches every email)",
      "type": "object",
      "maxProperties": 0
    },
    "all": {
      "title": "{\"all\": [...]} (every condition matches)",
      "type": "object",
      "additionalProperties": false,
      "required": ["all"],
      "properties": {
        "all": { "type": "array", "maxItems": 50, "items": { "$ref": "#/$defs/condition" } }
      }
    },
    "any": {
      "title": "{\"any\": [...]} (at least one condition matches)",
      "type": "object",
      "additionalProperties": false,
      "required": ["any"],
      "properties": {
        "any": { "type": "array", "maxItems": 50, "items": { "$ref": "#/$defs/condition" } }
      }
    },
    "not": {
      "title": "{\"not\": {...}} (the condition does not match)",
      "type": "object",
      "additionalProperties": false,
      "required": ["not"],
      "properties": {
        "not": { "$ref": "#/$defs/condition" }
      }
    },
    "leaf": {
      "title": "leaf {\"fact\", \"op\", \"value\"}",
      "type": "object",
      "additionalProperties": false,
      "required": ["fact", "op", "value"],
      "properties": {
        "fact": { "$ref": "#/$defs/fact" },
        "op": { "$ref": "#/$defs/op" },
        "value": { "description": "What the fact is compared with; its type depends on fact and op." },
        "hours": { "description": "The window of sender_recent_count, in hours (required there).", "type": "number", "exclusiveMinimum": 0, "maximum": 8760 }
      },
      "allOf": [
        {
          "if": { "required": ["op"], "properties": { "op": { "enum": ["in", "not_in"] } } },
          "then": {
            "properties": {
              "value": { "type": "array", "minItems": 1, "maxItems": 100, "errorMessage": { "type": "must be a list with in and not_in" } }
            }
          }
        },
        {
          "if": { "required": ["op"], "properties": { "op": { "enum": ["eq", "neq", "gt", "gte", "lt", "lte"] } } },
          "then": {
            "properties": {
              "value": {
                "type": ["string", "number", "boolean", "null"],
                "errorMessage": { "type": "must be a single value with this op (lists go with in, not_in and the contains operators)" }
              }
            }
          }
        },
        {
          "if": { "required": ["fact"], "properties": { "fact": { "const": "category" } } },
          "then": { "properties": { "op": { "enum": ["eq", "neq", "in", "not_in"] }, "value": { "$ref": "#/$defs/category_value" } } }
        },
        {
          "if": { "required": ["fact"], "properties": { "fact": { "const": "subcategory" } } },
          "then": { "properties": { "op": { "enum": ["eq", "neq", "in", "not_in"] }, "value": { "$ref": "#/$defs/subcategory_value" } } }
        },
        {
          "if": { "required": ["fact"], "properties": { "fact": { "const": "urgency" } } },
          "then": { "properties": { "op": { "enum": ["eq", "neq", "in", "not_in", "gt", "gte", "lt", "lte"] }, "value": { "$ref": "#/$defs/urgency_value" } } }
        },
        {
          "if": { "required": ["fact"], "properties": { "fact": { "const": "sentiment" } } },
          "then": { "properties": { "op": { "enum": ["eq", "neq", "in", "not_in"] }, "value": { "$ref": "#/$defs/sentiment_value" } } }
        },
        {
          "if": { "required": ["fact"], "properties": { "fact": { "const": "confidence" } } },
          "then": { "properties": { "op": { "enum": ["eq", "neq", "in", "not_in", "gt", "gte", "lt", "lte"] }, "value": { "$ref": "#/$defs/confidence_value" } } }
        },
        {
          "if": { "required": ["fact"], "properties": { "fact": { "enum": ["sender_recent_count", "minutes_without_reply"] } } },
          "then": { "properties": { "op": { "enum": ["eq", "neq", "in", "not_in", "gt", "gte", "lt", "lte"] }, "value": { "$ref": "#/$defs/count_value" } } }
        },
        {
          "if": { "required": ["fact"], "properties": { "fact": { "const": "sender_recent_count" } } },
          "then": { "required": ["hours"] }
        },
        {
          "if": { "required": ["fact"], "properties": { "fact": { "enum": ["sender_is_manager", "sender_is_supplier", "sender_is_internal", "after_hours", "escalation_cue"] } } },
          "then": { "properties": { "op": { "enum": ["eq", "neq"] }, "value": { "type": "boolean" } } }
        },
        {
          "if": { "required": ["fact"], "properties": { "fact": { "enum": ["sender_email", "sender_domain", "subject", "body"] } } },
          "then": {
            "properties": {
              "op": { "enum": ["eq", "neq", "in", "not_in", "contains", "contains_any", "contains_all"] },
              "value": { "$ref": "#/$defs/text_value" }
            }
          }
        }
      ]
    },
    "fact": {
      "title": "fact",
      "type": "string",
      "enum": ["category", "subcategory", "confidence", "urgency", "sentiment", "sender_email", "sender_domain", "sender_is_manager", "sender_is_supplier", "sender_is_internal", "subject", "body", "after_hours", "sender_recent_count", "minutes_without_reply", "escalation_cue"]
    },
    "op": {
      "title": "operator",
      "type": "string",
      "enum": ["eq", "neq", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "contains_any", "contains_all"]
    },
    "category_value": {
      "anyOf": [
        { "$ref": "#/$defs/category" },
        { "title": "a list of categories", "type": "array", "items": { "$ref": "#/$defs/category" } }
      ]
    },
    "subcategory_value": {
      "anyOf": [
        { "title": "a subcategory", "type": "string", "minLength": 1, "maxLength": 200 },
        { "title": "null (eq: has no subcategory, neq: has one)", "type": "null" },
        { "title": "a list of subcategories", "type": "array", "items": { "type": "string", "minLength": 1, "maxLength": 200 } }
      ]
    },
    "urgency_value": {
      "anyOf": [
        { "$ref": "#/$defs/urgency" },
        { "title": "a list of urgencies", "type": "array", "items": { "$ref": "#/$defs/urgency" } }
      ]
    },
    "sentiment_value": {
      "anyOf": [
        { "$ref": "#/$defs/sentiment" },
        { "title": "a list of sentiments", "type": "array", "items": { "$ref": "#/$defs/sentiment" } }
      ]
    },
    "confidence_value": {
      "anyOf": [
        { "title": "a number from 0 to 1", "type": "number", "minimum": 0, "maximum": 1 },
        { "title": "a list of numbers from 0 to 1", "type": "array", "items": { "type": "number", "minimum": 0, "maximum": 1 } }
      ]
    },
    "count_value": {
      "anyOf": [
        { "title": "a number", "type": "number", "minimum": 0 },
        { "title": "a list of numbers", "type": "array", "items": { "type": "number", "minimum": 0 } }
      ]
    },
    "text_value": {
      "anyOf": [
        { "title": "a text", "type": "string", "minLength": 1, "maxLength": 500 },
        { "title": "a list of texts", "type": "array", "minItems": 1, "items": { "type": "string", "minLength": 1, "maxLength": 500 } }
      ]
    },
    "category": {
      "title": "a category",
      "type": "string",
      "enum": ["URGENT", "SALES", "SUPPORT", "MANAGER", "SUPPLIERS", "BANKING", "FORMSUB", "GOOGLE_REVIEW", "PHONE", "RECRUITMENT", "PROMO", "SOCIALMEDIA", "MISC", "SEASONAL", "MAINTENANCE", "PERMITS", "SUBCONTRACTORS", "INSURANCE", "WELLNESS"]
    },
    "urgency": { "title": "an urgency", "type": "string", "enum": ["low", "normal", "high", "critical"] },
    "sentiment": { "title": "a sentiment", "type": "string", "enum": ["negative", "neutral", "positive"] }
  }
}$json$::jsonb
WHERE name = 'escalation_conditions';

-- The default rows for one business; a default whose name the business already has is left alone.
CREATE FUNCTION floworx.add_default_escalation_rules(client uuid) RETURNS integer
LANGUAGE sql
SECURITY DEFINER
SET search_path = ''
AS $$
    WITH defaults (name, conditions, actions, priority) AS (VALUES
        ('Safety default: emergencies to the owner',
         '{"any": [{"fact": "category", "op": "eq", "value": "URGENT"}, {"fact": "urgency", "op": "eq", "value": "critical"}]}'::jsonb,
         '[{"type": "notify", "channels": ["email"], "role": "owner"}, {"type": "mark_escalated"}]'::jsonb,
         10),
        ('Safety default: escalation cues to the owner',
         '{"fact": "escalation_cue", "op": "eq", "value": true}'::jsonb,
         '[{"type": "notify", "channels": ["email"], "role": "owner"}, {"type": "mark_escalated"}]'::jsonb,
         9)
    ), added AS (
        INSERT INTO public.escalation_rules (client_id, name, conditions, actions, priority, is_active)
        SELECT add_default_escalation_rules.client, d.name, d.conditions, d.actions, d.priority, true
        FROM defaults d
        WHERE NOT EXISTS (
            SELECT 1 FROM public.escalation_rules r
            WHERE r.client_id = add_default_escalation_rules.client AND r.name = d.name)
        RETURNING 1
    )
    SELECT count(*)::integer FROM added;
$$;

-- SECURITY DEFINER because profiles are created by whoever signs users up (the auth trigger of 0005) or by an
-- operator, who need not be allowed to write escalation_rules for that business.
CREATE FUNCTION floworx.profile_default_escalation_rules() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    PERFORM floworx.add_default_escalation_rules(NEW.id);
    RETURN NEW;
END;
$$;

REVOKE EXECUTE ON FUNCTION floworx.add_default_escalation_rules(uuid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION floworx.profile_default_escalation_rules() FROM PUBLIC;

CREATE TRIGGER profile_default_escalation_rules
    AFTER INSERT ON public.profiles
    FOR EACH ROW EXECUTE FUNCTION floworx.profile_default_escalation_rules();

SELECT floworx.add_default_escalation_rules(p.id) FROM public.profiles p;
