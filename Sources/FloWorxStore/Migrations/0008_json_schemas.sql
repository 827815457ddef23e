-- 0008 The JSON schemas of the JSONB columns, stored for the validator (0007).
--
-- Each document below is the exact text of schemas/<name>.json (the single source of truth;
-- docs/json-shapes.md explains them). A test compares the two. To change a shape, edit the
-- file and add a migration that updates its row here with the file's new text.

-- schemas/business_hours_hours.json
INSERT INTO floworx.json_schemas (name, schema) VALUES ('business_hours_hours', $json${
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "business_hours.hours",
  "description": "Opening hours (schema version 1) in the IANA zone of the row's timezone column. {} means no hours are configured. A missing weekday is closed; an interval whose end is not after its start crosses midnight.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "version": { "type": "integer", "const": 1 },
    "weekly": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "mon": { "$ref": "#/$defs/intervals" },
        "tue": { "$ref": "#/$defs/intervals" },
        "wed": { "$ref": "#/$defs/intervals" },
        "thu": { "$ref": "#/$defs/intervals" },
        "fri": { "$ref": "#/$defs/intervals" },
        "sat": { "$ref": "#/$defs/intervals" },
        "sun": { "$ref": "#/$defs/intervals" }
      }
    },
    "holidays": {
      "description": "Dates on which the business is closed all day.",
      "type": "array",
      "maxItems": 366,
      "items": { "$ref": "#/$defs/holiday" }
    },
    "overrides": {
      "description": "Dates with their own intervals (an empty list means closed); they take precedence over weekly.",
      "type": "array",
      "maxItems": 366,
      "items": { "$ref": "#/$defs/override" }
    }
  },
  "$defs": {
    "intervals": {
      "title": "opening intervals",
      "type": "array",
      "maxItems": 12,
      "items": { "$ref": "#/$defs/interval" }
    },
    "interval": {
      "title": "interval",
      "description": "[start, end]; when end <= start the interval crosses midnight.",
      "type": "array",
      "minItems": 2,
      "maxItems": 2,
      "errorMessage": {
        "minItems": "an interval is exactly two times, [start, end]",
        "maxItems": "an interval is exactly two times, [start, end]"
      },
      "items": { "$ref": "#/$defs/clock_time" }
    },
    "clock_time": {
      "title": "time of day",
      "type": "string",
      "pattern": "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$",
      "errorMessage": { "pattern": "must be a time of day HH:MM, 00:00 to 24:00" }
    },
    "holiday": {
      "title": "holiday",
      "type": "object",
      "additionalProperties": false,
      "required": ["date"],
      "properties": {
        "date": { "type": "string", "format": "date" },
        "name": { "type": "string", "maxLength": 200 }
      }
    },
    "override": {
      "title": "override",
      "type": "object",
      "additionalProperties": false,
      "required": ["date", "intervals"],
      "properties": {
        "date": { "type": "string", "format": "date" },
        "intervals": { "$ref": "#/$defs/intervals" },
        "note": { "type": "string", "maxLength": 500 }
      }
    }
  }
}
$json$);

-- schemas/client_config.json
INSERT INTO floworx.json_schemas (name, schema) VALUES ('client_config', $json${
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "profiles.client_config",
  "description": "Who the business is and how FloWorx may act for it (schema version 1). Every member is optional, so {} is a valid, unconfigured profile.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "version": { "description": "Version of this document's shape.", "type": "integer", "const": 1 },
    "business": { "$ref": "#/$defs/business" },
    "contact": { "$ref": "#/$defs/contact" },
    "services": { "type": "array", "maxItems": 50, "items": { "$ref": "#/$defs/service" } },
    "signature": { "description": "Appended to reply drafts.", "type": "string", "maxLength": 2000 },
    "auto_reply": { "$ref": "#/$defs/auto_reply" },
    "holidays": {
      "description": "Dates (YYYY-MM-DD, in the business's timezone) on which the business is closed.",
      "type": "array",
      "maxItems": 366,
      "uniqueItems": true,
      "items": { "type": "string", "format": "date" }
    },
    "sla": { "$ref": "#/$defs/sla" }
  },
  "$defs": {
    "business": {
      "title": "the business itself",
      "type": "object",
      "additionalProperties": false,
      "required": ["name", "type"],
      "properties": {
        "name": { "type": "string", "minLength": 1, "maxLength": 200 },
        "type": { "$ref": "#/$defs/industry" },
        "email_domain": { "description": "The business's own mail domain; senders from it are internal.", "type": "string", "format": "hostname" },
        "timezone": { "description": "IANA time zone name, e.g. America/Toronto.", "type": "string", "format": "timezone" },
        "currency": {
          "type": "string",
          "pattern": "^[A-Z]{3}$",
          "errorMessage": { "pattern": "must be an ISO 4217 currency code such as USD or CAD" }
        },
        "website": { "type": "string", "maxLength": 500 },
        "service_area": { "type": "string", "maxLength": 500 }
      }
    },
    "industry": {
      "title": "industry",
      "enum": ["hvac", "plumbing", "electrical", "pools_spas", "hot_tubs", "saunas_ice_baths", "roofing", "general_contractor", "painting", "flooring", "landscaping", "insulation"]
    },
    "contact": {
      "title": "the person customers deal with",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "name": { "type": "string", "maxLength": 200 },
        "role": { "type": "string", "maxLength": 200 },
        "email": { "type": "string", "format": "email" },
        "after_hours_phone": { "type": "string", "maxLength": 50 }
      }
    },
    "service": {
      "title": "one service the business sells",
      "type": "object",
      "additionalProperties": false,
      "required": ["name"],
      "properties": {
        "name": { "type": "string", "minLength": 1, "maxLength": 200 },
        "description": { "type": "string", "maxLength": 2000 },
        "pricing": { "description": "A price or price range; quoted in drafts only when auto_reply.include_pricing is true.", "type": "string", "maxLength": 200 }
      }
    },
    "auto_reply": {
      "title": "when FloWorx may prepare a reply draft",
      "type": "object",
      "additionalProperties": false,
      "required": ["enabled"],
      "properties": {
        "enabled": { "type": "boolean" },
        "min_confidence": { "description": "Drafts only for classifications at least this confident.", "type": "number", "minimum": 0, "maximum": 1 },
        "categories": {
          "description": "Drafts only for these categories; all draftable ones when absent.",
          "type": "array",
          "uniqueItems": true,
          "items": { "$ref": "#/$defs/category" }
        },
        "include_pricing": { "description": "Whether drafts may state prices from services[].pricing.", "type": "boolean" }
      }
    },
    "sla": {
      "title": "service-level targets",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "first_response_minutes": { "type": "integer", "minimum": 1, "maximum": 10080 }
      }
    },
    "category": {
      "title": "category",
      "type": "string",
      "enum": ["URGENT", "SALES", "SUPPORT", "MANAGER", "SUPPLIERS", "BANKING", "FORMSUB", "GOOGLE_REVIEW", "PHONE", "RECRUITMENT", "PROMO", "SOCIALMEDIA", "MISC", "SEASONAL", "MAINTENANCE", "PERMITS", "SUBCONTRACTORS", "INSURANCE", "WELLNESS"]
    }
  }
}
$json$);

-- schemas/communication_style_patterns.json
INSERT INTO floworx.json_schemas (name, schema) VALUES ('communication_style_patterns', $json${
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "communication_styles.response_patterns",
  "description": "How replies are shaped (schema version 1). {} is valid: defaults apply. $defs also holds the shapes of the personality_traits and signature_phrases columns.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "greeting": { "description": "Opening line; {first_name}, {name} and {business} are replaced.", "type": "string", "maxLength": 500 },
    "closing": { "description": "Closing line before the signature, e.g. \"Thanks,\".", "type": "string", "maxLength": 500 },
    "length": { "description": "Reply length.", "type": "string", "enum": ["short", "medium", "long"] },
    "category_guidance": {
      "description": "Per category, a sentence or two the draft should include. A free map: keys are category names.",
      "type": "object",
      "additionalProperties": { "type": "string", "maxLength": 2000 }
    }
  },
  "$defs": {
    "personality_traits": {
      "title": "communication_styles.personality_traits",
      "description": "Words describing the writer, e.g. [\"friendly\", \"direct\"].",
      "type": "array",
      "maxItems": 30,
      "items": { "type": "string", "minLength": 1, "maxLength": 100 }
    },
    "signature_phrases": {
      "title": "communication_styles.signature_phrases",
      "description": "Phrases the writer often uses, e.g. [\"Happy to help!\"].",
      "type": "array",
      "maxItems": 30,
      "items": { "type": "string", "minLength": 1, "maxLength": 300 }
    }
  }
}
$json$);

-- schemas/email_data.json
INSERT INTO floworx.json_schemas (name, schema) VALUES ('email_data', $json${
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "email_queue.email_data",
  "description": "One normalized inbound message (schema version 1). Validated by the Swift decoder (EmailMessage), not by a database trigger.",
  "type": "object",
  "additionalProperties": false,
  "required": ["message_id", "from", "received_at"],
  "properties": {
    "version": { "description": "Absent means 1.", "type": "integer", "const": 1 },
    "provider": { "description": "Absent means api.", "type": "string", "enum": ["gmail", "outlook", "api", "mime"] },
    "message_id": { "description": "The provider's id for the message; unique per client.", "type": "string", "minLength": 1, "maxLength": 1000 },
    "thread_id": { "type": "string", "maxLength": 1000 },
    "from": { "$ref": "#/$defs/address" },
    "to": { "description": "Absent means [].", "type": "array", "items": { "$ref": "#/$defs/address" } },
    "cc": { "description": "Absent means [].", "type": "array", "items": { "$ref": "#/$defs/address" } },
    "reply_to": { "$ref": "#/$defs/address" },
    "subject": { "description": "Absent means \"\".", "type": "string" },
    "text": { "description": "The plain-text body. Absent means \"\".", "type": "string" },
    "html": { "type": "string" },
    "received_at": { "description": "ISO 8601, e.g. 2026-01-02T03:04:05.678Z.", "type": "string", "format": "date-time" },
    "headers": { "$ref": "#/$defs/headers" },
    "attachments": { "description": "Absent means [].", "type": "array", "items": { "$ref": "#/$defs/attachment" } }
  },
  "$defs": {
    "address": {
      "title": "address",
      "type": "object",
      "additionalProperties": false,
      "required": ["email"],
      "properties": {
        "email": { "type": "string", "minLength": 1, "maxLength": 320 },
        "name": { "type": "string", "maxLength": 500 }
      }
    },
    "headers": {
      "title": "headers",
      "description": "The headers that matter for threading and loop prevention.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "in_reply_to": { "type": "string" },
        "references": { "type": "array", "items": { "type": "string" } },
        "auto_submitted": { "type": "string" },
        "list_unsubscribe": { "type": "string" },
        "list_id": { "type": "string" },
        "precedence": { "type": "string" },
        "x_autoreply": { "type": "string" },
        "x_auto_response_suppress": { "type": "string" }
      }
    },
    "attachment": {
      "title": "attachment",
      "description": "What is known of an attachment; the content itself is never stored.",
      "type": "object",
      "additionalProperties": false,
      "required": ["content_type", "size"],
      "properties": {
        "filename": { "type": "string" },
        "content_type": { "type": "string", "minLength": 1 },
        "size": { "type": "integer", "minimum": 0 },
        "content_id": { "type": "string" },
        "disposition": { "type": "string" }
      }
    }
  }
}
$json$);

-- schemas/email_labels.json
INSERT INTO floworx.json_schemas (name, schema) VALUES ('email_labels', $json${
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "profiles.email_labels",
  "description": "Per mail provider, the label (Gmail) or folder (Outlook) each category is filed under, by the provider's id so that the mapping survives renames. The keys under a provider are free: a category (URGENT) or a category path (MANAGER/Unassigned, SUPPLIERS/Ferguson).",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "gmail": { "$ref": "#/$defs/provider_labels" },
    "outlook": { "$ref": "#/$defs/provider_labels" }
  },
  "$defs": {
    "provider_labels": {
      "title": "category to label map",
      "type": "object",
      "additionalProperties": { "$ref": "#/$defs/label" }
    },
    "label": {
      "title": "label",
      "type": "object",
      "additionalProperties": false,
      "required": ["id"],
      "properties": {
        "id": { "description": "The provider's label or folder id.", "type": "string", "minLength": 1, "maxLength": 500 },
        "name": { "description": "The display name when it was last synchronised.", "type": "string", "maxLength": 500 }
      }
    }
  }
}
$json$);

-- schemas/escalation_actions.json
INSERT INTO floworx.json_schemas (name, schema) VALUES ('escalation_actions', $json${
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "escalation_rules.actions",
  "description": "What happens when a rule's conditions match (schema version 1): a list of actions, applied in order. [] does nothing.",
  "type": "array",
  "maxItems": 20,
  "items": { "$ref": "#/$defs/action" },
  "$defs": {
    "action": {
      "title": "action",
      "oneOf": [
        { "$ref": "#/$defs/set_priority" },
        { "$ref": "#/$defs/apply_label" },
        { "$ref": "#/$defs/notify" },
        { "$ref": "#/$defs/forward" },
        { "$ref": "#/$defs/block_draft" },
        { "$ref": "#/$defs/mark_escalated" }
      ]
    },
    "set_priority": {
      "title": "set_priority",
      "type": "object",
      "additionalProperties": false,
      "required": ["type", "priority"],
      "properties": {
        "type": { "const": "set_priority" },
        "priority": { "type": "integer", "minimum": 0, "maximum": 100 }
      }
    },
    "apply_label": {
      "title": "apply_label",
      "type": "object",
      "additionalProperties": false,
      "required": ["type", "category"],
      "properties": {
        "type": { "const": "apply_label" },
        "category": { "$ref": "#/$defs/category" },
        "subcategory": { "type": "string", "minLength": 1, "maxLength": 200 }
      }
    },
    "notify": {
      "title": "notify",
      "description": "Notify a manager by address, the managers with a role, or every manager when neither is given. Channels default to [\"email\"].",
      "type": "object",
      "additionalProperties": false,
      "required": ["type"],
      "properties": {
        "type": { "const": "notify" },
        "channels": { "type": "array", "minItems": 1, "uniqueItems": true, "items": { "$ref": "#/$defs/channel" } },
        "manager_email": { "type": "string", "format": "email" },
        "role": { "$ref": "#/$defs/role" }
      }
    },
    "forward": {
      "title": "forward",
      "description": "Forward to a manager by address, the managers with a role, or every manager when neither is given.",
      "type": "object",
      "additionalProperties": false,
      "required": ["type"],
      "properties": {
        "type": { "const": "forward" },
        "manager_email": { "type": "string", "format": "email" },
        "role": { "$ref": "#/$defs/role" }
      }
    },
    "block_draft": {
      "title": "block_draft",
      "type": "object",
      "additionalProperties": false,
      "required": ["type"],
      "properties": { "type": { "const": "block_draft" } }
    },
    "mark_escalated": {
      "title": "mark_escalated",
      "type": "object",
      "additionalProperties": false,
      "required": ["type"],
      "properties": { "type": { "const": "mark_escalated" } }
    },
    "channel": { "title": "channel", "type": "string", "enum": ["email", "sms", "push"] },
    "role": {
      "title": "manager role",
      "type": "string",
      "enum": ["owner", "sales", "service", "operations", "accounts", "support", "dispatch", "hr"]
    },
    "category": {
      "title": "category",
      "type": "string",
      "enum": ["URGENT", "SALES", "SUPPORT", "MANAGER", "SUPPLIERS", "BANKING", "FORMSUB", "GOOGLE_REVIEW", "PHONE", "RECRUITMENT", "PROMO", "SOCIALMEDIA", "MISC", "SEASONAL", "MAINTENANCE", "PERMITS", "SUBCONTRACTORS", "INSURANCE", "WELLNESS"]
    }
  }
}
$json$);

-- schemas/escalation_conditions.json
INSERT INTO floworx.json_schemas (name, schema) VALUES ('escalation_conditions', $json${
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
          "if": { "required": ["fact"], "properties": { "fact": { "enum": ["sender_is_manager", "sender_is_supplier", "sender_is_internal", "after_hours"] } } },
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
      "enum": ["category", "subcategory", "confidence", "urgency", "sentiment", "sender_email", "sender_domain", "sender_is_manager", "sender_is_supplier", "sender_is_internal", "subject", "body", "after_hours", "sender_recent_count", "minutes_without_reply"]
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
}
$json$);

-- schemas/managers.json
INSERT INTO floworx.json_schemas (name, schema) VALUES ('managers', $json${
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "profiles.managers",
  "description": "The people mail is escalated or forwarded to: at most 5.",
  "type": "array",
  "maxItems": 5,
  "errorMessage": { "maxItems": "at most 5 managers" },
  "items": { "$ref": "#/$defs/manager" },
  "$defs": {
    "manager": {
      "title": "manager",
      "type": "object",
      "additionalProperties": false,
      "required": ["name", "email"],
      "properties": {
        "name": { "type": "string", "minLength": 1, "maxLength": 200 },
        "email": { "type": "string", "format": "email" },
        "phone": { "type": "string", "maxLength": 50 },
        "roles": {
          "description": "Rules notify or forward by role. Absent means [].",
          "type": "array",
          "uniqueItems": true,
          "items": { "$ref": "#/$defs/role" }
        },
        "forward": { "description": "Whether mail categorised for this manager is forwarded to them. Absent means false.", "type": "boolean" }
      }
    },
    "role": {
      "title": "manager role",
      "type": "string",
      "enum": ["owner", "sales", "service", "operations", "accounts", "support", "dispatch", "hr"]
    }
  }
}
$json$);

-- schemas/suppliers.json
INSERT INTO floworx.json_schemas (name, schema) VALUES ('suppliers', $json${
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "profiles.suppliers",
  "description": "The businesses the client buys from: at most 10.",
  "type": "array",
  "maxItems": 10,
  "errorMessage": { "maxItems": "at most 10 suppliers" },
  "items": { "$ref": "#/$defs/supplier" },
  "$defs": {
    "supplier": {
      "title": "supplier",
      "type": "object",
      "additionalProperties": false,
      "required": ["name"],
      "properties": {
        "name": { "type": "string", "minLength": 1, "maxLength": 200 },
        "email": { "type": "string", "format": "email" },
        "domains": {
          "description": "Mail domains the supplier sends from, e.g. [\"ferguson.com\"]. Absent means [].",
          "type": "array",
          "maxItems": 20,
          "uniqueItems": true,
          "items": { "type": "string", "format": "hostname" }
        },
        "category": { "description": "What the supplier provides, e.g. parts or chemicals.", "type": "string", "maxLength": 100 }
      }
    }
  }
}
$json$);
