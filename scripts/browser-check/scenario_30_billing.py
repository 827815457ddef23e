"""The owner's billing page (issue 15, docs/billing.md): plan and usage against every limit, then "Choose Starter"
opens the demo's local Stripe checkout page for the session the API created; coming back cancelled changes nothing."""
from selenium.webdriver.common.by import By


def run(check, owner_email):
    check.go("/billing")
    text = check.text()
    check.expect("Your plan: Free" in text, "billing shows the free plan of a new owner")
    for label in ("Emails processed this period", "Connected mailboxes", "Reply drafts this period", "AI tokens this period", "Managers"):
        check.expect(label in text, f"billing shows usage: {label}")
    meters = check.driver.find_elements(By.CSS_SELECTOR, "table.usage meter")
    check.expect(len(meters) == 5, f"billing draws a meter per limit ({len(meters)})")
    check.page("billing")

    buttons = [b for b in check.driver.find_elements(By.CSS_SELECTOR, "form[action='/billing/checkout'] button") if "Starter" in b.text]
    if not buttons:
        # A server without Stripe says so instead of offering checkout.
        check.expect("Billing is not configured" in text, "billing without checkout says billing is not configured")
        return
    check.click_and_wait(buttons[0])
    # The demo's local Stripe server shows its hosted checkout page for the session FloWorx created. (Paying there
    # sends the browser back to the app's configured URL, which the check's ephemeral port does not match, so the
    # payment itself is covered by BillingEndToEndTests and BillingPagesTests instead.)
    check.expect("/checkout/" in check.driver.current_url and "Subscribe" in check.text(),
                 "Choose Starter opens Stripe's checkout page for the plan")
    check.go("/billing?checkout=cancel")
    # The local Stripe page has no favicon (Chromium logs its 404); read the log here so it is not charged to the
    # next page, and let nothing else through.
    errors = check.console_errors(allow=("/favicon.ico",))
    check.expect(not errors, f"checkout: no console errors {[e['message'] for e in errors]}")
    text = check.text()
    check.expect("Checkout was cancelled" in text and "Your plan: Free" in text, "back from checkout, nothing changed")
