package org.payercrd.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.SelectOption;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's scenarios in a real browser against the real service: what a newcomer clicks and sees. */
class ConsoleBrowserTest extends BrowserTest {

    private static JsonNode readJson(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void cardDetailsAreRenderedMarkdownBoldAsStrongAndListsAsLists() {
        openConsole();
        choosePatient("Okafor");
        sign();

        JsonNode cards = readJson(page.locator("#response-json").textContent()).path("cards");
        Locator rendered = page.locator("#cards article.card");
        assertThat(rendered.count()).isEqualTo(cards.size());
        int lists = 0;
        for (JsonNode card : cards) {
            String detail = card.path("detail").asText();
            Locator shown = rendered.filter(new Locator.FilterOptions()
                    .setHas(page.locator(
                            ".summary",
                            new Page.LocatorOptions()
                                    .setHasText(card.path("summary").asText()))));
            List<String> bold = new ArrayList<>();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("\\*\\*([^*]+)\\*\\*").matcher(detail);
            while (m.find()) {
                bold.add(m.group(1));
            }
            List<String> items =
                    detail.lines().filter(l -> l.matches("\\s*[-*]\\s+.*")).toList();
            assertThat(shown.locator(".markdown strong").allTextContents()).containsExactlyElementsOf(bold);
            assertThat(shown.locator(".markdown ul > li").count()).isEqualTo(items.size());
            assertThat(shown.locator(".markdown").textContent()).doesNotContain("**");
            lists += items.size();
        }
        assertThat(lists).as("list items in the details").isPositive();
    }

    @Test
    void rootOpensTheConsoleUnderAStrictContentSecurityPolicy() {
        Response response = openConsole();

        assertThat(page.url()).endsWith("/console/");
        String csp = response.headerValue("content-security-policy");
        assertThat(csp)
                .contains("script-src 'self'")
                .contains("connect-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(page.locator("#patient option").count()).isEqualTo(4);
        assertThat(page.locator("#service option").allTextContents())
                .hasSize(6)
                .anyMatch(s -> s.startsWith("order-sign"));
    }

    @Test
    void liverCancerWithPacemakerShowsTheContraindicationFirstAndTheEvidenceLinks() {
        openConsole();
        choosePatient("Lindqvist");
        sign();

        Locator cards = page.locator("#cards article.card");
        assertThat(cards.count()).isGreaterThanOrEqualTo(2);
        assertThat(cards.first().getAttribute("data-indicator")).isEqualTo("critical");
        assertThat(cards.first().locator(".indicator").textContent()).contains("Critical");
        List<String> indicators =
                cards.all().stream().map(c -> c.getAttribute("data-indicator")).toList();
        assertThat(indicators)
                .isSortedAccordingTo(java.util.Comparator.comparingInt(
                        i -> List.of("critical", "warning", "info").indexOf(i)));
        Locator links = page.locator("#cards .links a");
        assertThat(links.allTextContents()).anyMatch(t -> t.contains("NICE"));
        links.all().forEach(link -> {
            assertThat(link.getAttribute("href")).startsWith("https://");
            assertThat(link.getAttribute("target")).isEqualTo("_blank");
        });
        assertThat(page.locator("#cards .markdown strong").count())
                .as("bold markdown rendered")
                .isPositive();
    }

    @Test
    void overrideWithAReasonIsAcceptedByTheFeedbackEndpoint() {
        openConsole();
        choosePatient("Lindqvist");
        sign();

        Locator card = page.locator("#cards article.card").all().stream()
                .filter(c -> !c.locator("select option").allTextContents().contains("(none offered)"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no card offers override reasons"));
        Locator reason = card.locator("select");
        List<String> reasons = reason.locator("option").allTextContents();
        String chosen = reasons.get(reasons.size() - 1);
        reason.selectOption(new SelectOption().setLabel(chosen));
        String uuid = reason.getAttribute("id").substring("reason-".length());
        com.microsoft.playwright.Request posted = page.waitForRequest(
                r -> r.url().endsWith("/feedback"),
                () -> card.locator("button:has-text('Override')").click());

        JsonNode entry = readJson(posted.postData()).path("feedback").path(0);
        JsonNode answered = java.util.stream.StreamSupport.stream(
                        readJson(page.locator("#response-json").textContent())
                                .path("cards")
                                .spliterator(),
                        false)
                .filter(c -> uuid.equals(c.path("uuid").asText()))
                .findFirst()
                .orElseThrow();
        JsonNode offered = java.util.stream.StreamSupport.stream(
                        answered.path("overrideReasons").spliterator(), false)
                .filter(r -> chosen.equals(r.path("display").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(entry.path("card").asText()).isEqualTo(uuid);
        assertThat(entry.path("outcome").asText()).isEqualTo("overridden");
        assertThat(entry.path("overrideReason").path("reason").path("code").asText())
                .isEqualTo(offered.path("code").asText());
        assertThat(entry.path("overrideReason").path("reason").path("system").asText())
                .isEqualTo(offered.path("system").asText());
        page.waitForSelector("#cards .feedback-status:has-text('accepted by the service: 200')");
        assertThat(card.locator(".feedback-status").textContent())
                .isEqualTo("Feedback (overridden) accepted by the service: 200");
    }

    @Test
    void theAssertionLinkShowsTheStoredRecordWithTheSameId() {
        openConsole();
        choosePatient("Okafor");
        sign();

        Locator link = page.locator("#system-actions a.assertion-link").first();
        String assertionId = link.textContent();
        assertThat(link.getAttribute("href")).isEqualTo("/api/assertions/" + assertionId);
        link.click();

        page.waitForSelector("#assertion:has-text('answered 200')");
        JsonNode stored = readJson(page.locator("#assertion pre").textContent());
        assertThat(stored.path("assertionId").asText()).isEqualTo(assertionId);
        assertThat(stored.path("patientId").asText()).isEqualTo("demo-pat-pancreas");
        Locator summary = page.locator("#assertion dl.assertion-summary");
        assertThat(summary.locator("dt").allTextContents()).contains("assertionId");
        assertThat(summary.locator("dt:text-is('assertionId') + dd").textContent())
                .isEqualTo(assertionId);
    }

    @Test
    void aNonIreOrderShowsNoCardsAndNoSystemActions() {
        openConsole();
        choosePatient("Okafor");
        page.fill("#order-code", "73721");
        page.fill("#order-text", "MRI of the knee");
        sign();

        assertThat(page.locator("#call-status").textContent()).endsWith("answered 200");
        JsonNode response = readJson(page.locator("#response-json").textContent());
        assertThat(response.path("cards").size()).isZero();
        assertThat(response.path("systemActions").size()).isZero();
        assertThat(page.locator("#cards").textContent()).contains("No cards");
        assertThat(page.locator("#cards article.card").count()).isZero();
        assertThat(page.locator("#system-actions").textContent()).contains("No system actions");
        assertThat(page.locator("#system-actions table").count()).isZero();
    }

    @Test
    void theOtherPayersMemberGetsNoAssertion() {
        openConsole();
        choosePatient("Chen");
        sign();

        assertThat(page.locator("#patient-record").textContent()).doesNotContain("Premera");
        assertThat(page.locator("#call-status").textContent()).endsWith("answered 200");
        assertThat(page.locator("#response-json").textContent()).doesNotContain("coverage-assertion-id");
        assertThat(page.locator("#system-actions a.assertion-link").count()).isZero();
        assertThat(page.locator("#system-actions").textContent()).contains("No system actions");
    }

    @Test
    void theMedicareAdvantageMemberGetsTheScopeCard() {
        openConsole();
        String scopeTitle = readJson(
                        Path.of("fhir-resources", "ire-nanoknife", "PlanDefinition-IreNanoKnifeCoverage.json"))
                .path("action")
                .findParents("id")
                .stream()
                .filter(a -> "medicare-advantage".equals(a.path("id").asText()))
                .findFirst()
                .orElseThrow()
                .path("title")
                .asText()
                .split("\\{\\{")[0];
        choosePatient("Alvarez");
        sign();

        assertThat(page.locator("#patient-record").textContent()).contains("Medicare Advantage");
        assertThat(page.locator("#cards article.card .summary").allTextContents())
                .anyMatch(summary -> summary.startsWith(scopeTitle));
        assertThat(page.locator("#cards article.card .markdown strong").allTextContents())
                .contains("Medicare Advantage");
        assertThat(page.locator("#system-actions a.assertion-link").count())
                .as("no IRE assertion for MA")
                .isZero();
    }

    @Test
    void hostileMarkdownInACardDetailIsRenderedAsText() {
        openConsole();
        String shown = (String) page.evaluate("""
                () => {
                  const node = SafeMarkdown.render('**Bold** <script>alert(3)</script> [x](javascript:alert(4))\\n\\n- one\\n- <img src=x onerror=alert(5)>');
                  document.getElementById('cards').replaceChildren(node);
                  return node.textContent;
                }""");

        assertThat(shown).contains("<script>alert(3)</script>").contains("<img src=x onerror=alert(5)>");
        assertThat(page.locator("#cards strong").textContent()).isEqualTo("Bold");
        assertThat(page.locator("#cards ul li").count()).isEqualTo(2);
        assertThat(page.locator("#cards script, #cards img, #cards a").count()).isZero();
    }

    @Test
    void thePoliciesPageListsTheIrePolicyWithItsVersionAndItsNiceNccnFdaAndTrialCitations() throws IOException {
        JsonNode library = new ObjectMapper()
                .readTree(Path.of("fhir-resources", "ire-nanoknife", "Library-IreNanoKnifePolicy.json")
                        .toFile());
        Map<String, String> urlsByLabel = new LinkedHashMap<>();
        library.path("relatedArtifact").forEach(a -> {
            String label = a.path("label").asText();
            if (a.has("url")
                    && (label.startsWith("NICE ")
                            || label.startsWith("NCCN ")
                            || label.equals("FDA 510(k) K102329")
                            || label.startsWith("NCT"))) {
                urlsByLabel.put(label, a.path("url").asText());
            }
        });
        assertThat(urlsByLabel.keySet())
                .anyMatch(l -> l.startsWith("NICE "))
                .anyMatch(l -> l.startsWith("NCCN "))
                .contains("FDA 510(k) K102329")
                .anyMatch(l -> l.startsWith("NCT"));
        openConsole();

        Response policies = page.waitForResponse(
                r -> r.url().endsWith("/console/policies.html"), () -> page.click("nav a:has-text('Policies')"));
        page.waitForSelector("body[data-ready=true]");

        assertThat(page.url()).endsWith("/console/policies.html");
        assertThat(policies.headerValue("content-security-policy")).contains("script-src 'self'");
        assertThat(page.locator("#policies-status").textContent()).contains("answered 200");
        Locator ire = page.locator("article.policy[data-policy=ire-nanoknife]");
        assertThat(ire.locator("h2").textContent())
                .isEqualTo(library.path("title").asText());
        assertThat(ire.locator(".policy-version").textContent())
                .isEqualTo(library.path("version").asText());
        Locator citations = ire.locator(".policy-citations a");
        urlsByLabel.forEach((label, url) -> {
            Locator link = citations
                    .filter(new Locator.FilterOptions().setHasText(label))
                    .first();
            assertThat(link.getAttribute("href")).as(label).isEqualTo(url);
            assertThat(link.getAttribute("target")).isEqualTo("_blank");
        });
        assertThat(ire.locator(".policy-codes code").allTextContents()).contains("0600T", "0601T");
        assertThat(ire.locator(".policy-actions tbody tr").count())
                .isEqualTo(new ObjectMapper()
                        .readTree(Path.of("fhir-resources", "ire-nanoknife", "PlanDefinition-IreNanoKnifeCoverage.json")
                                .toFile())
                        .path("action")
                        .size());
    }

    @Test
    void
            pancreaticCancerWithAnAddedPacemakerShowsThreeCardsContraindicationFirstAndTheNiceLinkOnTheInvestigationalCard()
                    throws IOException {
        JsonNode plan = new ObjectMapper()
                .readTree(Path.of("fhir-resources", "ire-nanoknife", "PlanDefinition-IreNanoKnifeCoverage.json")
                        .toFile());
        JsonNode library = new ObjectMapper()
                .readTree(Path.of("fhir-resources", "ire-nanoknife", "Library-IreNanoKnifePolicy.json")
                        .toFile());
        Map<String, JsonNode> actions = new LinkedHashMap<>();
        plan.path("action").forEach(a -> actions.put(a.path("id").asText(), a));
        String contraindicationTopic = actions.get("contraindication")
                .path("code")
                .path(0)
                .path("coding")
                .path(0)
                .path("display")
                .asText();
        String investigationalTitle =
                actions.get("investigational").path("title").asText().split("\\{\\{")[0];
        String ipg579 = java.util.stream.StreamSupport.stream(
                        library.path("relatedArtifact").spliterator(), false)
                .filter(a -> "NICE IPG579".equals(a.path("label").asText()))
                .findFirst()
                .orElseThrow()
                .path("url")
                .asText();
        openConsole();
        choosePatient("Okafor");
        String pacemaker = page.locator("label:has-text('pacemaker')").getAttribute("for");
        page.check("#" + pacemaker);
        String orderSign = page.locator("#service option").allTextContents().stream()
                .filter(t -> t.startsWith("order-sign"))
                .findFirst()
                .orElseThrow();
        page.selectOption("#service", new SelectOption().setLabel(orderSign));
        sign();

        Locator cards = page.locator("#cards article.card");
        assertThat(cards.count()).isEqualTo(3);
        List<String> indicators =
                cards.all().stream().map(c -> c.getAttribute("data-indicator")).toList();
        assertThat(indicators)
                .isSortedAccordingTo(java.util.Comparator.comparingInt(
                        i -> List.of("critical", "warning", "info").indexOf(i)));
        assertThat(indicators.get(0)).isEqualTo("critical");
        assertThat(cards.first().locator(".source").textContent()).contains("Topic: " + contraindicationTopic);
        Locator investigational = cards.filter(new Locator.FilterOptions()
                .setHas(page.locator(".summary", new Page.LocatorOptions().setHasText(investigationalTitle))));
        assertThat(investigational.count()).isEqualTo(1);
        assertThat(investigational.locator(".links a").first().getAttribute("href"))
                .isEqualTo(ipg579);
        assertThat(page.locator("#cards .links a").all())
                .isNotEmpty()
                .allSatisfy(link -> assertThat(link.getAttribute("href")).startsWith("https://"));
        assertThat(page.locator("#request-json").textContent()).contains("demo-dev-pacemaker");
    }

    @Test
    void onCrd22TheCoverageDetailIsShownAsADefinitionListOfItsParts() throws IOException {
        JsonNode library = new ObjectMapper()
                .readTree(Path.of("fhir-resources", "ire-nanoknife", "Library-IreNanoKnifePolicy.json")
                        .toFile());
        String policyDocument = java.util.stream.StreamSupport.stream(
                        library.path("relatedArtifact").spliterator(), false)
                .filter(a -> "documentation".equals(a.path("type").asText()) && a.has("url"))
                .findFirst()
                .orElseThrow()
                .path("url")
                .asText();
        openConsole();
        choosePatient("Okafor");
        page.selectOption("#crd-version", "2.2");
        sign();

        JsonNode response =
                new ObjectMapper().readTree(page.locator("#response-json").textContent());
        List<JsonNode> details = new ArrayList<>();
        response.path("systemActions")
                .forEach(action -> action.path("resource")
                        .path("extension")
                        .forEach(ext -> ext.path("extension").forEach(part -> {
                            if ("detail".equals(part.path("url").asText())) {
                                details.add(part);
                            }
                        })));
        assertThat(details).as("2.2 detail entries in the response").isNotEmpty();
        Locator lists = page.locator("#system-actions td dl.coverage-detail");
        assertThat(lists.count()).isEqualTo(details.size());
        assertThat(page.locator("#system-actions td").allTextContents()).noneMatch(t -> t.contains("{\""));
        for (int i = 0; i < details.size(); i++) {
            List<String> parts = new ArrayList<>();
            details.get(i)
                    .path("extension")
                    .forEach(sub -> parts.add(sub.path("url").asText()));
            assertThat(lists.nth(i).locator("dt").allTextContents()).containsExactlyElementsOf(parts);
        }
        assertReadableWithoutScrollingSideways(lists, 1280);
        page.locator("section[aria-labelledby=actions-heading]")
                .screenshot(new Locator.ScreenshotOptions()
                        .setPath(Path.of("target", "console-screenshots", "crd22-system-actions-1280.png")));
        page.setViewportSize(390, 844);
        assertReadableWithoutScrollingSideways(lists, 390);
        page.locator("section[aria-labelledby=actions-heading]")
                .screenshot(new Locator.ScreenshotOptions()
                        .setPath(Path.of("target", "console-screenshots", "crd22-system-actions-390.png")));
        page.setViewportSize(1280, 900);
        Locator policyLink = lists.filter(new Locator.FilterOptions().setHasText("policy-link"))
                .first();
        assertThat(policyLink.locator("dd[data-part=category]").textContent()).isEqualTo("cat-other");
        assertThat(policyLink.locator("dd[data-part=code]").textContent())
                .isEqualTo("policy-link (http://terminology.hl7.org/CodeSystem/crd-coverage-detail)");
        Locator value = policyLink.locator("dd[data-part=value] a");
        assertThat(value.getAttribute("href")).isEqualTo(policyDocument);
        assertThat(value.textContent()).isEqualTo(policyDocument);
        assertThat(value.getAttribute("target")).isEqualTo("_blank");
    }

    /**
     * Each detail list lies wholly inside the window and the table's scroll box, which need not scroll sideways,
     * and is at least 300 px wide (or the whole box's width, on a window narrower than that) rather than a tall
     * narrow column.
     */
    private void assertReadableWithoutScrollingSideways(Locator lists, int width) {
        Locator wrap = page.locator("#system-actions .table-wrap");
        Number scrollWidth = (Number) wrap.evaluate("e => e.scrollWidth");
        Number clientWidth = (Number) wrap.evaluate("e => e.clientWidth");
        assertThat(scrollWidth.intValue())
                .as("table scroll width at %d px", width)
                .isLessThanOrEqualTo(clientWidth.intValue());
        Object wider = page.evaluate("""
                () => [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                  .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 0.5))
                  .map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))""");
        assertThat(((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue())
                .as("page width at %d px; wider than the window: %s", width, wider)
                .isLessThanOrEqualTo(width);
        com.microsoft.playwright.options.BoundingBox box = wrap.boundingBox();
        for (Locator list : lists.all()) {
            com.microsoft.playwright.options.BoundingBox shown = list.boundingBox();
            assertThat(shown.x).as("detail list left at %d px", width).isGreaterThanOrEqualTo(box.x);
            assertThat(shown.x + shown.width)
                    .as("detail list right at %d px", width)
                    .isLessThanOrEqualTo(Math.min(box.x + box.width, width) + 0.5);
            assertThat(shown.width)
                    .as("detail list width at %d px", width)
                    .isGreaterThanOrEqualTo(Math.min(300, box.width - 40));
        }
    }

    @Test
    void theConditionsToAddLeaveOutCodesThePatientAlreadyHas() {
        openConsole();
        for (String patient : page.locator("#patient option").allTextContents()) {
            page.selectOption("#patient", new SelectOption().setLabel(patient));
            List<String> shown = page.locator("input[name=condition] + label").allTextContents().stream()
                    .map(label -> label.replaceFirst(" \\(add: from .*\\)$", ""))
                    .toList();
            assertThat(shown)
                    .as("conditions offered to %s", patient)
                    .doesNotHaveDuplicates()
                    .hasSizeGreaterThan(
                            (int) page.locator("input[name=condition]:checked").count());
        }
        choosePatient("Chen");
        List<String> offered =
                page.locator("input[name=condition]:not(:checked) + label").allTextContents();
        assertThat(offered).noneMatch(label -> label.contains("Okafor")).anyMatch(label -> label.contains("Lindqvist"));
        assertThat(page.locator("input[name=condition]:checked + label").allTextContents())
                .singleElement()
                .asString()
                .startsWith("C25.0");
    }
}
