"""The pages in real headless Chromium: WCAG 2.1 AA (axe-core) on every main page,
keyboard navigation, the language switch, working without JavaScript, error pages."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = {
    "overzicht": "/",
    "landen": "/landen",
    "land-turkije": "/landen/TUR",
    "brief": "/documenten/1",
    "zoeken": "/zoeken?q=terugkeer",
    "zoeken-gefilterd": "/zoeken?q=migratie&land=MAR",
    "toezeggingen": "/toezeggingen",
    "overview-en": "/?taal=en",
    "routes": "/routes",
    "route-oostelijk": "/routes/EMR",
    "land-marokko": "/landen/MAR",
    "niet-gevonden": "/bestaat-niet",
    "prioritering": "/prioritering",
    "prioritering-wat-als": "/prioritering?w_transit=0.9",
    "criteria": "/prioritering/criteria",
    "terugkeer-marokko": "/landen/MAR/terugkeer",
    "besluit-formulier": "/landen/TUN/besluit",
    "risico-formulier": "/landen/LBY/risico",
    "programmas": "/programmas",
    "programma": "/programmas/1",
    "begroting": "/begroting?indeling=pijler",
    "moties": "/moties",
    "toezeggingen-alle": "/toezeggingen?status=all",
    "rapporten": "/rapporten",
    "rapportteksten": "/rapporten/teksten?soort=pillars&periode=2020",
    "rapport-landenfiche": "/rapporten/maken?soort=country&land=MAR&formaat=html",
    "inloggen": "/inloggen",
    "brieven-toevoegen": "/documenten/nieuw",
    "volglijsten": "/volglijsten",
    "dekking": "/dekking",
    "toezeggingenregister": "/toezeggingen/register",
}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_wcag_violations(
    page: Any, server_url: str, screenshot: Any, name: str
) -> None:
    response = page.goto(server_url + PAGES[name])
    assert response.status == (404 if name == "niet-gevonden" else 200)
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    screenshot(page, name)
    assert violations == [], [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations
    ]


def test_keyboard_skip_link_and_navigation(page: Any, server_url: str) -> None:
    page.goto(server_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    page.goto(server_url + "/")
    labels = []
    for _ in range(12):  # skip link, brand, language, log in, then the menu
        page.keyboard.press("Tab")
        labels.append(page.evaluate("document.activeElement.textContent.trim()"))
    expected = {"Overzicht", "Landen", "Routes", "Prioritering", "Programma's", "Zoeken",
                "Toezeggingen", "Rapporten"}  # fmt: skip
    assert expected <= set(labels)


def test_search_form_by_keyboard_and_facets(page: Any, server_url: str, screenshot: Any) -> None:
    page.goto(server_url + "/zoeken")
    page.focus("#q")
    page.keyboard.type("vluchtelingen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken?q=vluchtelingen")
    assert page.locator(".results li").count() >= 2
    assert page.locator(".fragment mark").count() >= 1
    page.locator(".facets a", has_text="Turkije").first.click()
    assert "land=TUR" in page.url
    screenshot(page, "zoeken-facet")


def test_language_switch_sticks(page: Any, server_url: str) -> None:
    page.goto(server_url + "/landen")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.click("text=English")
    assert page.locator("h1").inner_text() == "Countries"
    page.goto(server_url + "/toezeggingen")
    assert page.locator("h1").inner_text() == "Commitments"


def test_works_without_javascript(browser: Any, server_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(server_url + "/documenten/1")
    assert pg.locator("article.letter-text a.ent-land").count() > 5
    assert pg.locator("sup.noot").count() == 9
    pg.click("text=Toezeggingen")
    assert pg.locator("table tbody tr").count() >= 1
    context.close()


def test_letter_links_facts_to_their_source(page: Any, server_url: str) -> None:
    page.goto(server_url + "/landen/TUR")
    link = page.locator("table a[href*='#pos-']").first
    href = link.get_attribute("href")
    page.goto(server_url + href)
    anchor = href.split("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_world_map_countries_are_named_links(page: Any, server_url: str) -> None:
    page.goto(server_url + "/")
    link = page.locator("figure.chart svg a[href='/landen/TUR']")
    assert link.count() == 1
    assert "Turkije" in (link.locator("path").get_attribute("aria-label") or "")
    link.click()
    page.wait_for_url("**/landen/TUR")
    assert page.locator("h1").inner_text() == "Turkije"


def test_what_if_panel_by_keyboard(page: Any, server_url: str, screenshot: Any) -> None:
    page.goto(server_url + "/prioritering")
    first = page.locator("table.ranking tbody tr").first.locator("td").nth(1).inner_text()
    page.focus("#w_transit")
    page.fill("#w_transit", "0.9")
    page.keyboard.press("Enter")
    page.wait_for_url("**w_transit=0.9**")
    assert page.locator(".move").count() > 0  # ranks moved against the configured weights
    assert "Terug naar de ingestelde gewichten" in page.content()
    # why a country ranks where it does: open its contributions with the keyboard
    page.locator("table.ranking summary").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("table.ranking details[open] tbody tr").count() >= 9
    screenshot(page, "prioritering-wat-als-open")
    assert first


def test_record_a_decision_in_the_browser(page: Any, server_url: str, screenshot: Any) -> None:
    page.goto(server_url + "/landen/EGY")
    page.click("text=Nieuwe versie van het besluit vastleggen")
    page.fill("#titel", "Werkafspraken over terugkeer met Egypte")
    page.check("#i_working_arrangement")
    page.fill("#motivering", "Samenwerking deels voldoende; dialoog loopt")
    page.fill("#afweging", "Handel, mensenrechten en regionale stabiliteit")
    page.fill("#bewijs", "document:1 Kamerbrief")
    screenshot(page, "besluit-ingevuld")
    page.click("text=Besluit opslaan")
    page.wait_for_url("**/landen/EGY#besluiten-kop")
    section = page.locator("section[aria-labelledby=besluiten-kop]").inner_text()
    assert "Werkafspraken over terugkeer met Egypte" in section
    assert "Werkafspraken / standaardprocedures" in section


def test_confirm_a_programme_pillar_in_the_browser(page: Any, server_url: str) -> None:
    page.goto(server_url + "/programmas?land=SYR")
    page.locator("table a[href^='/programmas/']").first.click()
    page.locator("button:has-text('Bevestigen')").first.click()
    page.wait_for_url("**opgeslagen=1**")
    assert "bevestigd" in page.locator("section[aria-labelledby=indeling-kop]").inner_text()


def test_confirm_a_proposed_fulfilment_in_the_browser(page: Any, server_url: str) -> None:
    page.goto(server_url + "/toezeggingen?status=all")
    proposals = page.locator("div.notice button:has-text('Bevestigen')")
    if proposals.count() == 0:
        pytest.skip("no proposal left in the demo base")
    proposals.first.click()
    page.wait_for_url("**/toezeggingen?status=all**")
    assert page.locator("td:has-text('vervuld')").count() >= 1


def test_log_in_by_keyboard_manage_accounts_and_log_out(
    page: Any, server_url: str, screenshot: Any, admin_password: str
) -> None:
    page.goto(server_url + "/inloggen")
    page.focus("#gebruikersnaam")
    page.keyboard.type("e2e-beheer")
    page.keyboard.press("Tab")
    page.keyboard.type(admin_password)
    page.keyboard.press("Enter")
    page.wait_for_url(server_url + "/")
    assert "e2e-beheer" in page.locator(".account-links").inner_text()
    for path, name in (("/beheer/gebruikers", "gebruikers"), ("/account", "account")):
        page.goto(server_url + path)
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        screenshot(page, name)
        assert violations == [], [
            (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
        ]
    page.fill("#naam", "dashboard")
    page.click("text=Token maken")
    assert page.locator(".secret").inner_text().startswith("pmt_")
    page.click("text=Uitloggen")
    page.wait_for_url(server_url + "/")
    assert "Inloggen" in page.locator(".account-links").inner_text()


def test_wrong_password_is_refused_in_the_browser(page: Any, server_url: str) -> None:
    page.goto(server_url + "/inloggen")
    page.fill("#gebruikersnaam", "e2e-beheer")
    page.fill("#wachtwoord", "niet het wachtwoord")
    page.click("main button[type=submit]")
    page.wait_for_selector("#form-error")
    assert "Onbekende gebruikersnaam" in page.locator("#form-error").inner_text()


def test_add_letters_in_the_browser_and_correct_one(
    page: Any, server_url: str, screenshot: Any, tmp_path: Any
) -> None:
    """The upload flow in Chromium: a good and a bad file at once, each said apart; what the
    extraction read shown before anything is stored, the letter stored from there by
    keyboard; then corrected in its page's form; the pages without a WCAG violation."""
    from pathlib import Path

    letter = (
        Path(__file__).resolve().parents[1] / "fixtures" / "publications" / "kst-19637-2709.txt"
    )
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.4\n niets")
    page.goto(server_url + "/documenten/nieuw")
    page.set_input_files("#bestanden", [str(letter), str(bad)])
    page.focus("#rubricering")
    page.keyboard.press("Tab")  # to the button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("#voorbeeld-kop")  # checked first: nothing stored yet
    text = page.inner_text("main")
    assert "kst-19637-2709.txt" in text and "kapot.pdf" in text and "Niet leesbaar" in text
    page.click("summary")  # the text as read, highlighted
    assert Axe().run(page, options=AXE_OPTIONS).response["violations"] == []
    screenshot(page, "brieven-toevoegen-controleren")
    page.focus("#p1-rubricering")
    page.keyboard.press("Tab")  # to 'Deze brief opslaan'
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("#resultaat-kop")
    text = page.inner_text("main")
    assert "kst-19637-2709.txt: bewaard" in text
    assert Axe().run(page, options=AXE_OPTIONS).response["violations"] == []
    screenshot(page, "brieven-toevoegen-resultaat")
    with page.expect_navigation():
        page.click("text=open de brief")
    assert "Motie van de leden Jasper van Dijk en Kuik" in page.inner_text("h1")
    page.click("text=Corrigeer wat de extractie las")
    page.fill("#c-onderwerp", "Motie Van Dijk en Kuik over het pardon")
    page.fill("#c-geadresseerde", "Tweede Kamer")
    page.focus("#c-eenheid")
    page.keyboard.press("Tab")
    with page.expect_navigation():  # the form posts and redirects back to the letter
        page.keyboard.press("Enter")
    assert page.inner_text("h1") == "Motie Van Dijk en Kuik over het pardon"
    assert Axe().run(page, options=AXE_OPTIONS).response["violations"] == []
