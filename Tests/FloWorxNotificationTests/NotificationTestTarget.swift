// The notification tests (issue 11) live in this target beside this file: SMTP, SMS, web push, SLA timers, digests.
