"""Browser check of the workflow pages (issue 16): versions, a new version, its dry run against the owner's last
emails, deploy and roll back. Run by browser_check.py as the first new owner, whose inbox holds three emails."""

from selenium.webdriver.common.by import By


def run(check, owner_email):
    check.go("/workflows")
    check.expect("Version 1" in check.text() and "Active" in check.text(), "workflows: the default is version 1, active")
    check.page("workflows")

    # A new version with a change: every email gets a label.
    textarea = check.driver.find_element(By.ID, "workflow-definition")
    text = textarea.get_attribute("value")
    check.expect('"loopGuard"' in text, "workflows: the form is prefilled with the active definition")
    changed = text.rstrip().rstrip("}").rstrip().rstrip("]").rstrip() + ',\n    {"type": "addLabel", "label": "Browser checked"}\n  ]\n}'
    check.fill({"name": "Label everything", "definition": changed})
    check.submit("form[action='/workflows']")
    check.expect("/workflows/2" in check.driver.current_url and "Version 2 is saved" in check.text(), "workflows: version 2 saved")
    check.expect("Add a label" in check.text() and "Browser checked" in check.text(), "workflows: the steps are shown in words")
    check.page("workflow-version")

    # Dry run against the last emails, compared with version 1.
    check.fill({"limit": "20"})
    check.submit("form[action$='/dry-run']")
    check.expect("would change compared with version 1" in check.text(), "workflows: the dry run compares with the active version")
    check.expect("label:Browser checked" in check.text(), "workflows: the dry run shows the label as a changed action")
    check.page("workflow-dry-run")

    # Deploy it, then roll back to version 1.
    check.submit("form[action$='/deploy']")
    check.expect("Version 2 is deployed" in check.text(), "workflows: version 2 deployed")
    check.page("workflows-deployed")
    check.go("/workflows/1")
    check.submit("form[action$='/rollback']")
    check.expect("Rolled back to version 1" in check.text(), "workflows: rolled back to version 1")
    check.page("workflows-rolled-back")
