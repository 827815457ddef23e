"""The owner's billing page (issue 15, docs/billing.md): plan and usage against every limit, then a real checkout in
the demo against its local Stripe server (the hosted page's "Subscribe" button), back to /billing with the webhooks
applied: the plan is Starter and the paid invoice is listed with its link."""
import time

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
    check.expect("/checkout/" in check.driver.current_url, "Choose Starter opens Stripe's checkout page")
    check.click_and_wait(check.driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    check.expect("/billing?checkout=success" in check.driver.current_url, "paying returns to the billing page")
    # The webhooks arrive on their own; the page shows the new plan once they are applied.
    deadline = time.time() + 30
    while time.time() < deadline and "Your plan: Starter" not in check.text():
        time.sleep(1)
        check.go("/billing")
    text = check.text()
    check.expect("Your plan: Starter" in text, "after checkout the billing page shows the Starter plan")
    check.expect("Active" in text and "View invoice" in text, "the subscription is active and its paid invoice is listed")
    check.page("billing-subscribed")
