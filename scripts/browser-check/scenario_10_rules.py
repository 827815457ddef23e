"""Escalation rules (issue 13, item 5): the first owner opens /rules (the safety defaults listed in plain words), edits
the emergencies default, tests it on the last 100 emails before saving (the burst-pipe email the main scenario
delivered is among the matches), saves it and sees it listed with its new condition."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def run(check, owner_email):
    check.go("/rules")
    text = check.text()
    check.expect("Safety default: emergencies to the owner" in text, f"{owner_email}'s rules list the safety defaults")
    check.expect("Category is Urgent, or Urgency is critical" in text, "the defaults' conditions are in plain words")
    check.page("rules")

    check.click_and_wait(check.driver.find_element(By.LINK_TEXT, "Safety default: emergencies to the owner"))
    check.expect(check.driver.find_element(By.ID, "g0_c0_fact").get_attribute("value") == "category", "the editor shows the rule's conditions")
    check.page("rule-edit")

    # Add a condition with the no-JavaScript "add" button, then fill the new row: subject contains "burst".
    check.click_and_wait(check.driver.find_element(By.CSS_SELECTOR, "button[value='add_row:0']"))
    rows = check.driver.find_elements(By.CSS_SELECTOR, "select[name$='_fact']")
    last = rows[-1].get_attribute("name").removesuffix("_fact")
    Select(check.driver.find_element(By.NAME, f"{last}_fact")).select_by_value("subject")
    Select(check.driver.find_element(By.NAME, f"{last}_op")).select_by_value("contains_any")
    check.fill({f"{last}_value": "burst, flood"})
    check.click_and_wait(check.driver.find_element(By.CSS_SELECTOR, "button[value='test']"))
    results = check.driver.find_element(By.CSS_SELECTOR, "section.trial").text
    check.expect("would have matched" in results, "the test run says how many emails the rule would have matched")
    check.expect("burst pipe" in results.lower(), "the burst-pipe email is among the matches")
    check.page("rule-test")

    check.click_and_wait(check.driver.find_element(By.CSS_SELECTOR, "button[value='save']"))
    check.expect(check.driver.current_url.split("?")[0].endswith("/rules") and "Rule saved." in check.text(), "the rule is saved")
    check.expect("Subject contains any of “burst”, “flood”" in check.text(), "the saved rule is listed with its new condition")
