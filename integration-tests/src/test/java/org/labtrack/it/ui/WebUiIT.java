package org.labtrack.it.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.labtrack.it.support.MlflowRest.API;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.labtrack.gateway.support.TestUser;
import org.labtrack.it.support.Browser;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackTest;
import org.labtrack.it.support.MlflowRest;
import org.labtrack.it.support.StackClient;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in real headless Chromium, through the gateway, on data logged through the API:
 * sign-in, filter (and its inline parse error), sort, shareable URLs, the run page with
 * previews and a download, charts, comparing two runs, and a reader who sees no write controls.
 * Screenshots go to target/screenshots.
 */
@LabTrackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiIT {
  private final LabTrackStack stack;
  private Browser browser;
  private String experimentId;
  private String experimentName;
  private String loggedModelId;
  private String modelName;
  /** Markup in it must show as text, not become elements. */
  private static final String DESCRIPTION = "Digits baseline.\nSee <b>notes</b> & the wiki.";
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  /**
   * baseline (lr 0.1, loss 0.3), fast (lr 0.01, loss 0.2), sgd (lr 0.001, loss 0.5); sgd is
   * nested under baseline.
   */
  private final Map<String, String> runIds = new java.util.LinkedHashMap<>();
  private byte[] png;

  WebUiIT(LabTrackStack stack) {
    this.stack = stack;
  }

  @BeforeAll
  void seedAndStartBrowser() throws IOException {
    browser = Browser.start();
    StackClient bob = stack.client(stack.editor());
    experimentName = MlflowRest.unique("ui");
    experimentId = MlflowRest.createExperiment(bob, experimentName);
    seedRun(bob, "baseline", "0.1", "adam", 0.3);
    seedRun(bob, "fast", "0.01", "adam", 0.2);
    seedRun(bob, "sgd", "0.001", "sgd", 0.5);

    String baseline = runIds.get("baseline");
    // What mlflow.start_run(description=..., nested=True) and the client's context record.
    Map.of("mlflow.note.content", DESCRIPTION, "mlflow.source.name", "train.py",
        "mlflow.source.git.commit", COMMIT).forEach((key, value) -> bob.post(API
            + "/runs/set-tag", Map.of("run_id", baseline, "key", key, "value", value)).ok());
    bob.post(API + "/runs/set-tag", Map.of("run_id", runIds.get("sgd"),
        "key", "mlflow.parentRunId", "value", baseline)).ok();
    bob.post(API + "/experiments/set-experiment-tag", Map.of("experiment_id", experimentId,
        "key", "mlflow.note.content", "value", "Three optimisers on digits.")).ok();
    bob.post(API + "/runs/log-inputs", Map.of("run_id", baseline, "datasets", List.of(Map.of(
        "tags", List.of(Map.of("key", "mlflow.data.context", "value", "training")),
        "dataset", Map.of("name", "mnist-train", "digest", "d41d8cd9", "source_type", "local",
            "source", "/data/mnist", "schema", "{\"mlflow_colspec\": []}",
            "profile", "{\"num_rows\": 60000}"))))).ok();
    // MLflow 3's log_model: a LoggedModel the run produced at step 3.
    loggedModelId = bob.post(API + "/logged-models", Map.of("experiment_id", experimentId,
        "name", "classifier", "source_run_id", baseline)).ok().json()
        .at("/model/info/model_id").asText();
    bob.post(API + "/runs/outputs", Map.of("run_id", baseline, "models",
        List.of(Map.of("model_id", loggedModelId, "step", 3)))).ok();
    bob.post(API + "/logged-models/" + loggedModelId + "/params", Map.of("model_id",
        loggedModelId, "params", List.of(Map.of("key", "depth", "value", "12"))))
        .ok();
    // One point, measured by baseline: too few for a sparkline on baseline's page.
    bob.post(API + "/runs/log-metric", Map.of("run_id", baseline, "key", "val_acc",
        "value", 0.91, "timestamp", System.currentTimeMillis(), "step", 3,
        "model_id", loggedModelId, "dataset_name", "mnist-test", "dataset_digest", "ab12")).ok();
    bob.put("/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/models/" + loggedModelId
        + "/artifacts/MLmodel", "flavors:\n  sklearn: {}\n".getBytes(StandardCharsets.UTF_8),
        "text/plain").ok();
    // A registered model with two versions made from baseline.
    modelName = MlflowRest.unique("ui-model");
    bob.post(API + "/registered-models/create", Map.of("name", modelName,
        "description", "Reads digits.")).ok();
    for (int v = 1; v <= 2; v++) {
      bob.post(API + "/model-versions/create", Map.of("name", modelName,
          "source", "runs:/" + baseline + "/model", "run_id", baseline)).ok();
    }
    bob.post(API + "/registered-models/alias", Map.of("name", modelName, "alias", "champion",
        "version", "1")).ok();
    bob.post(API + "/model-versions/transition-stage", Map.of("name", modelName,
        "version", "2", "stage", "Staging", "archive_existing_versions", false)).ok();
    String root = "/api/2.0/mlflow-artifacts/artifacts/" + MlflowRest.getRun(bob, baseline)
        .get("info").get("artifact_uri").asText().substring("mlflow-artifacts:/".length());
    bob.put(root + "/notes.txt", "first line of the notes\n".getBytes(StandardCharsets.UTF_8),
        "text/plain").ok();
    bob.put(root + "/config/params.json", "{\"lr\":0.1,\"layers\":[64,32]}"
        .getBytes(StandardCharsets.UTF_8), "application/json").ok();
    bob.put(root + "/results.csv", "epoch,loss\n1,0.9\n2,\"0.5\"\n"
        .getBytes(StandardCharsets.UTF_8), "text/csv").ok();
    bob.put(root + "/empty.txt", new byte[0], "text/plain").ok();
    png = redSquare();
    bob.put(root + "/plot.png", png, "image/png").ok();
  }

  @AfterAll
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void signedOut() {
    browser.open(stack.gatewayUrl() + "/#/");
    browser.script("return fetch('/ajax-api/labtrack/v1/session', {method: 'DELETE', "
        + "headers: {'X-LabTrack-UI': '1'}}).then(r => r.status)");
    browser.open("about:blank");
    browser.open(stack.gatewayUrl() + "/#/");
  }

  private void seedRun(StackClient client, String name, String lr, String optimizer,
      double finalLoss) {
    String id = client.post(API + "/runs/create", Map.of("experiment_id", experimentId,
        "run_name", name, "start_time", System.currentTimeMillis() - 60_000)).ok().json()
        .get("run").get("info").get("run_id").asText();
    List<Map<String, Object>> metrics = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int step = 0; step < 200; step++) {
      double loss = finalLoss + (1 - finalLoss) * Math.exp(-step / 30.0);
      metrics.add(Map.of("key", "loss", "value", step == 199 ? finalLoss : loss,
          "timestamp", now - 60_000 + step * 100L, "step", step));
      metrics.add(Map.of("key", "accuracy", "value", 1 - loss / 2,
          "timestamp", now - 60_000 + step * 100L, "step", step));
    }
    client.post(API + "/runs/log-batch", Map.of("run_id", id, "metrics", metrics,
        "params", List.of(Map.of("key", "lr", "value", lr),
            Map.of("key", "optimizer", "value", optimizer),
            Map.of("key", "layers", "value", "4")),
        "tags", List.of(Map.of("key", "team", "value", "vision")))).ok();
    client.post(API + "/runs/update", Map.of("run_id", id, "status", "FINISHED",
        "end_time", now)).ok();
    runIds.put(name, id);
  }

  private void signIn(TestUser user) {
    WebElement form = browser.find("form.login");
    form.findElement(By.name("username")).sendKeys(user.user());
    form.findElement(By.name("password")).sendKeys(user.password());
    form.findElement(By.cssSelector("button[type=submit]")).click();
    browser.find(".who .user");
    assertThat(browser.find(".who .role").getText()).isEqualTo(user.role().fileName());
  }

  /** The run names in the table, top to bottom, read in one go. */
  @SuppressWarnings("unchecked")
  private List<String> runNames() {
    browser.find("#runs tbody tr");
    return (List<String>) browser.script("return [...document.querySelectorAll("
        + "'#runs tbody tr td:nth-child(2) a')].map(a => a.textContent)");
  }

  private void waitForRuns(List<String> expected) {
    browser.waitFor(d -> runNames().equals(expected) ? true : null, "runs " + expected);
  }

  @Test
  void signInFilterSortAndShareTheUrl() {
    // A wrong password is refused in the form, in MLflow's error format.
    WebElement form = browser.find("form.login");
    form.findElement(By.name("username")).sendKeys("bob");
    form.findElement(By.name("password")).sendKeys("not-the-password");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    assertThat(browser.find(".login .error").getText()).contains("UNAUTHENTICATED");
    browser.find("form.login input[name=username]").clear();
    browser.find("form.login input[name=password]").clear();
    signIn(TestUser.BOB);

    WebElement search = browser.find("input[name=q]");
    search.sendKeys(experimentName, Keys.ENTER);
    browser.waitFor(d -> browser.all("#experiments tbody a").size() == 1 ? true : null,
        "one experiment");
    browser.find("#experiments tbody a").click();
    waitForRuns(List.of("sgd", "fast", "baseline"));
    browser.screenshot("experiment-runs");

    // MLflow's filter syntax; a parse error is shown next to the box.
    WebElement filter = browser.find("input[name=filter]");
    filter.sendKeys("metrics.loss >>> 2", Keys.ENTER);
    assertThat(browser.find("#filter-message .error").getText())
        .contains("INVALID_PARAMETER_VALUE");
    browser.screenshot("filter-error");
    filter.clear();
    filter.sendKeys("params.optimizer = 'adam'", Keys.ENTER);
    browser.waitFor(d -> !browser.present("#filter-message .error")
        && runNames().size() == 2 ? true : null, "filtered runs");
    assertThat(runNames()).containsExactlyInAnyOrder("baseline", "fast");

    // Sorting by a metric column, on the server: ascending after the second click.
    filter.clear();
    filter.sendKeys(Keys.ENTER);
    waitForRuns(List.of("sgd", "fast", "baseline"));
    clickHeader("loss");
    waitForRuns(List.of("sgd", "baseline", "fast"));
    clickHeader("loss");
    waitForRuns(List.of("fast", "baseline", "sgd"));
    // Editors get write controls.
    assertThat(browser.present("button.danger")).isTrue();

    // The URL reproduces the view: sort order and filter survive a fresh load.
    filter = browser.find("input[name=filter]");
    filter.sendKeys("metrics.loss < 0.4", Keys.ENTER);
    waitForRuns(List.of("fast", "baseline"));
    String url = browser.driver().getCurrentUrl();
    assertThat(URLDecoder.decode(url, StandardCharsets.UTF_8))
        .contains("order=metrics.`loss` ASC").contains("filter=metrics.loss < 0.4");
    browser.open("about:blank");
    browser.open(url);
    waitForRuns(List.of("fast", "baseline"));
    assertThat(browser.find("input[name=filter]").getAttribute("value"))
        .isEqualTo("metrics.loss < 0.4");
    browser.screenshot("experiment-sorted-filtered");
  }

  private void clickHeader(String label) {
    browser.all("#runs thead th").stream().filter(th -> th.getText().startsWith(label))
        .findFirst().orElseThrow(() -> new AssertionError("no column " + label)).click();
  }

  @Test
  void runPagePreviewsAndDownloadsArtifacts() throws Exception {
    signIn(TestUser.BOB);
    browser.open(stack.gatewayUrl() + "/#/experiments/" + experimentId);
    runNames();
    browser.find("#runs a[href='#/runs/" + runIds.get("baseline") + "']").click();
    assertThat(browser.find("#params").getText()).contains("lr").contains("0.1")
        .contains("optimizer").contains("adam");
    assertThat(browser.find("#metrics").getText()).contains("loss").contains("0.3");
    browser.waitFor(d -> browser.all("#metrics svg.sparkline polyline").size() == 2 ? true : null,
        "two sparklines");
    assertThat(browser.find("#tags").getText()).contains("team").contains("vision");
    assertThat(browser.find("#datasets").getText()).contains("mnist-train").contains("training");
    assertThat(browser.find("#logged-models").getText()).contains(loggedModelId)
        .contains("output").contains("3");
    // The run names the model by id; the page reads its name and status.
    browser.waitFor(d -> browser.find("#logged-models tbody tr").getText()
        .startsWith("classifier " + loggedModelId) ? true : null, "the logged model's name");
    assertThat(browser.find("#logged-models tbody tr").getText()).contains("PENDING");
    // The run's chart is drawn on a canvas with real pixels.
    browser.find(".chart-area canvas");
    browser.waitFor(d -> paintedPixels() > 100 ? true : null, "a drawn chart");

    openArtifact("empty.txt");
    // Listed without file_size, as MLflow lists an empty file; shown as 0 B.
    browser.waitFor(d -> browser.find("#artifact-preview .preview-head").getText()
        .contains("empty.txt") && browser.present("#artifact-preview pre")
        && browser.find("#artifact-preview .preview-head .dim").getText().equals("0 B")
        && !browser.present("#artifact-preview .error") ? true : null, "an empty preview");
    openArtifact("notes.txt");
    browser.waitFor(d -> browser.find("#artifact-preview pre").getText()
        .contains("first line of the notes") ? true : null, "text preview");
    browser.find("#artifact-tree button.dir").click();
    openArtifact("params.json");
    browser.waitFor(d -> browser.find("#artifact-preview pre").getText()
        .contains("\"layers\": [") ? true : null, "pretty JSON");
    openArtifact("results.csv");
    browser.waitFor(d -> browser.all("#artifact-preview table.csv td").size() == 4 ? true : null,
        "CSV table");
    assertThat(browser.find("#artifact-preview table.csv").getText()).contains("epoch")
        .contains("0.5");
    openArtifact("plot.png");
    browser.waitFor(d -> Long.valueOf(32).equals(browser.script(
        "const i = document.querySelector('#artifact-preview img');"
            + " return i && i.complete ? i.naturalWidth : 0;")) ? true : null, "image preview");
    browser.screenshot("run-page");

    browser.find("#artifact-download").click();
    Path downloaded = browser.downloads().resolve("plot.png");
    browser.waitFor(d -> Files.exists(downloaded) ? true : null, "the download");
    browser.waitFor(d -> {
      try {
        return java.util.Arrays.equals(Files.readAllBytes(downloaded), png) ? true : null;
      } catch (IOException e) {
        return null;
      }
    }, "downloaded bytes");
    // The URL names the previewed file.
    assertThat(URLDecoder.decode(browser.driver().getCurrentUrl(), StandardCharsets.UTF_8))
        .contains("artifact=plot.png");

    // An editor tags the run from the page, and removes the tag again.
    browser.find("input[name=tag-key]").sendKeys("stage");
    browser.find("input[name=tag-value]").sendKeys("review", Keys.ENTER);
    browser.waitFor(d -> browser.present("#tags") && browser.find("#tags").getText()
        .contains("stage") ? true : null, "the new tag");
    assertThat(MlflowRest.getRun(stack.client(stack.editor()), runIds.get("baseline"))
        .get("data").get("tags").toString()).contains("\"stage\"").contains("\"review\"");
    browser.find("button[aria-label='Delete tag stage']").click();
    browser.waitFor(d -> !browser.find("#tags").getText().contains("stage") ? true : null,
        "the tag gone");
  }

  @Test
  void runPageShowsDescriptionSourceAndNestedRuns() {
    signIn(TestUser.BOB);
    browser.open(stack.gatewayUrl() + "/#/experiments/" + experimentId);
    assertThat(browser.find("#description").getText()).isEqualTo("Three optimisers on digits.");
    runNames();
    // The child is marked in the table, with its parent's name on hover.
    WebElement mark = browser.find("#runs tr[data-run-id='" + runIds.get("sgd") + "'] .child-mark");
    assertThat(mark.getAttribute("title")).isEqualTo("Child of baseline");
    assertThat(browser.all("#runs .child-mark")).hasSize(1);
    // MLflow 3's logged models of the experiment, with the run that made them.
    browser.waitFor(d -> browser.present("#experiment-models") ? true : null, "logged models");
    WebElement model = browser.find("#experiment-models tr[data-model-id='" + loggedModelId + "']");
    assertThat(model.getText()).startsWith("classifier " + loggedModelId).contains("PENDING");
    assertThat(model.findElement(By.cssSelector("a[href^='#/runs/']")).getAttribute("href"))
        .endsWith("#/runs/" + runIds.get("baseline"));

    browser.find("#runs a[href='#/runs/" + runIds.get("baseline") + "']").click();
    assertThat(browser.find("#source").getText()).isEqualTo("train.py");
    WebElement description = browser.find("#description");
    assertThat(description.getText()).isEqualTo(DESCRIPTION);
    assertThat(description.findElements(By.tagName("b"))).isEmpty();
    assertThat(browser.find("#git-commit").getText()).isEqualTo(COMMIT.substring(0, 12));
    assertThat(browser.find("#git-commit").getAttribute("title")).isEqualTo(COMMIT);
    assertThat(browser.present("#parent-run")).isFalse();
    WebElement children = browser.find("#child-runs");
    assertThat(children.getText()).contains("sgd").doesNotContain("fast");

    // The child names its parent, and an editor gives it a description from the page.
    children.findElement(By.linkText("sgd")).click();
    browser.waitFor(d -> browser.present("#parent-run")
        && browser.find("#parent-run").getText().equals("baseline") ? true : null,
        "the parent's name");
    assertThat(browser.present("#child-runs")).isFalse();
    assertThat(browser.driver().findElement(By.id("description")).isDisplayed()).isFalse();
    browser.find("#edit-description").click();
    browser.find("textarea[name=description]").sendKeys("Plain SGD,\nno momentum.");
    browser.find("form.description-editor button[type=submit]").click();
    browser.waitFor(d -> browser.find("#description").isDisplayed()
        && browser.find("#description").getText().equals("Plain SGD,\nno momentum.")
        ? true : null, "the saved description");
    assertThat(MlflowRest.getRun(stack.client(stack.editor()), runIds.get("sgd")).get("data")
        .get("tags").toString()).contains("Plain SGD,\\nno momentum.");
    browser.screenshot("nested-run");
  }

  /**
   * A page of exactly 100 children (or logged models) lists them all; the 101st adds the "+"
   * (and, for runs, the link to all of them).
   */
  @Test
  void aHundredChildRunsAreAllListedAndMoreAreLinked() {
    StackClient bob = stack.client(stack.editor());
    String experiment = MlflowRest.createExperiment(bob, MlflowRest.unique("ui-children"));
    String parent = MlflowRest.createRun(bob, experiment).get("run_id").asText();
    Runnable child = () -> bob.post(API + "/runs/create", Map.of("experiment_id", experiment,
        "tags", List.of(Map.of("key", "mlflow.parentRunId", "value", parent)))).ok();
    for (int i = 0; i < 100; i++) {
      child.run();
    }
    signIn(TestUser.ALICE);
    browser.open(stack.gatewayUrl() + "/#/runs/" + parent);
    browser.waitFor(d -> browser.present("#child-runs") ? true : null, "the child runs");
    assertThat(browser.all("#child-runs li")).hasSize(100);
    assertThat(browser.find("#child-runs").findElement(By.xpath("preceding-sibling::h2"))
        .getText()).isEqualTo("Child runs (100)");
    assertThat(browser.present("a[href*='mlflow.parentRunId']")).isFalse();

    child.run();
    browser.driver().navigate().refresh();
    browser.waitFor(d -> browser.present("a[href*='mlflow.parentRunId']") ? true : null,
        "the link to all of them");
    assertThat(browser.all("#child-runs li")).hasSize(100);
    assertThat(browser.find("#child-runs").findElement(By.xpath("preceding-sibling::h2"))
        .getText()).isEqualTo("Child runs (100+)");

    // The experiment's logged models are counted the same way.
    Runnable loggedModel = () -> bob.post(API + "/logged-models",
        Map.of("experiment_id", experiment, "name", "m")).ok();
    for (int i = 0; i < 100; i++) {
      loggedModel.run();
    }
    browser.open(stack.gatewayUrl() + "/#/experiments/" + experiment);
    browser.waitFor(d -> browser.present("#experiment-models") ? true : null, "logged models");
    assertThat(browser.all("#experiment-models tbody tr")).hasSize(100);
    assertThat(modelsHeading()).isEqualTo("Logged models (100)");
    loggedModel.run();
    browser.driver().navigate().refresh();
    browser.waitFor(d -> browser.present("#experiment-models") ? true : null, "logged models");
    assertThat(modelsHeading()).isEqualTo("Logged models (100+)");
  }

  private String modelsHeading() {
    return browser.find("#experiment-models")
        .findElement(By.xpath("ancestor::div[1]/preceding-sibling::h2")).getText();
  }

  @Test
  void aLoggedModelsPageShowsItsParamsMetricsAndOwnArtifacts() {
    signIn(TestUser.ALICE);
    browser.open(stack.gatewayUrl() + "/#/experiments/" + experimentId);
    browser.waitFor(d -> browser.present("#experiment-models") ? true : null, "logged models");
    browser.find("#experiment-models a[href='#/logged-models/" + loggedModelId + "']").click();
    assertThat(browser.find("#model-params").getText()).contains("depth").contains("12");
    assertThat(browser.find("#model-metrics").getText()).contains("val_acc").contains("0.91")
        .contains("mnist-test (ab12)").contains(runIds.get("baseline"));
    assertThat(browser.find("h1").getText()).isEqualTo("classifier");
    // Its files live under the model's own root, not the run's.
    openArtifact("MLmodel");
    browser.waitFor(d -> browser.find("#artifact-preview pre").getText().contains("sklearn")
        ? true : null, "the MLmodel preview");
    assertThat(browser.find("#artifact-download").getAttribute("href"))
        .contains("/logged-models/" + loggedModelId + "/artifacts/files");
    // MLflow 3's own link to it opens the same page.
    browser.open(stack.gatewayUrl() + "/#/experiments/" + experimentId + "/models/"
        + loggedModelId);
    browser.waitFor(d -> browser.driver().getCurrentUrl().endsWith("/#/logged-models/"
        + loggedModelId) ? true : null, "MLflow's logged model link");
    assertThat(browser.present("input[name=model-tag-key]")).isFalse();
    browser.screenshot("logged-model");
  }

  @Test
  void anEditorTagsALoggedModel() {
    signIn(TestUser.BOB);
    browser.open(stack.gatewayUrl() + "/#/logged-models/" + loggedModelId);
    browser.find("input[name=model-tag-key]").sendKeys("reviewed by");
    browser.find("input[name=model-tag-value]").sendKeys("bob", Keys.ENTER);
    browser.waitFor(d -> browser.present("#model-tags") && browser.find("#model-tags").getText()
        .contains("reviewed by") ? true : null, "the model's tag");
    StackClient bob = stack.client(stack.editor());
    assertThat(bob.get(API + "/logged-models/" + loggedModelId).ok().json()
        .at("/model/info/tags").toString()).contains("{\"key\":\"reviewed by\",\"value\":\"bob\"}");
    browser.find("button[aria-label='Delete tag reviewed by']").click();
    // its only tag: the table gives way to "No tags."
    browser.waitFor(d -> browser.present("#model-tags") ? null : true, "the model's tag gone");
    assertThat(bob.get(API + "/logged-models/" + loggedModelId).ok().json()
        .at("/model/info/tags").toString()).doesNotContain("reviewed by");
  }

  /** An admin purges deleted runs and experiments; one a version came from is kept, with why. */
  @Test
  void anAdminDeletesRunsAndExperimentsPermanently() {
    StackClient bob = stack.client(stack.editor());
    String id = MlflowRest.createExperiment(bob, MlflowRest.unique("ui-purge"));
    String kept = MlflowRest.createRun(bob, id).get("run_id").asText();
    String gone = MlflowRest.createRun(bob, id).get("run_id").asText();
    String model = MlflowRest.unique("ui-purge-model");
    bob.post(API + "/registered-models/create", Map.of("name", model)).ok();
    bob.post(API + "/model-versions/create", Map.of("name", model,
        "source", "runs:/" + kept + "/model", "run_id", kept)).ok();
    for (String run : List.of(kept, gone)) {
      bob.post(API + "/runs/delete", Map.of("run_id", run)).ok();
    }
    signIn(TestUser.CAROL);
    browser.open(stack.gatewayUrl() + "/#/runs/" + kept);
    browser.script("window.confirm = () => true;");
    permanently().click();
    browser.waitFor(d -> browser.present(".actions .error") ? true : null, "why it stays");
    assertThat(browser.find(".actions .error").getText())
        .isEqualTo("Kept: it is the source of model version '" + model + "' version 1");
    assertThat(bob.get(API + "/runs/get?run_id=" + kept).status()).isEqualTo(200);

    browser.open(stack.gatewayUrl() + "/#/runs/" + gone);
    browser.script("window.confirm = () => true;");
    permanently().click();
    browser.waitFor(d -> browser.driver().getCurrentUrl().endsWith("/#/experiments/" + id)
        ? true : null, "back on the experiment");
    assertThat(bob.get(API + "/runs/get?run_id=" + gone).errorCode())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");

    bob.delete(API + "/model-versions/delete", Map.of("name", model, "version", "1")).ok();
    bob.post(API + "/experiments/delete", Map.of("experiment_id", id)).ok();
    // the run's purge left the browser on the experiment's page: load it again, now deleted
    browser.driver().navigate().refresh();
    browser.script("window.confirm = () => true;");
    permanently().click();
    browser.waitFor(d -> browser.driver().getCurrentUrl().endsWith("/#/") ? true : null,
        "back on the experiments");
    assertThat(bob.get(API + "/experiments/get?experiment_id=" + id).errorCode())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(bob.get(API + "/runs/get?run_id=" + kept).status()).isEqualTo(404);
  }

  private WebElement permanently() {
    return browser.waitFor(d -> browser.all(".actions button").stream()
        .filter(b -> b.getText().equals("Delete permanently")).findFirst().orElse(null),
        "Delete permanently");
  }

  @Test
  void anEditorRenamesDeletesAndRestoresAnExperiment() {
    StackClient bob = stack.client(stack.editor());
    String name = MlflowRest.unique("ui-life");
    String id = MlflowRest.createExperiment(bob, name);
    signIn(TestUser.BOB);
    browser.open(stack.gatewayUrl() + "/#/experiments/" + id);
    WebElement rename = browser.find("input[name=rename-experiment]");
    rename.clear();
    rename.sendKeys(name + "-renamed", Keys.ENTER);
    browser.waitFor(d -> browser.find("h1").getText().equals(name + "-renamed") ? true : null,
        "the new name");
    assertThat(experiment(bob, id).get("name").asText()).isEqualTo(name + "-renamed");

    // Chromium's confirm() dialog, answered yes.
    browser.script("window.confirm = () => true;");
    browser.find("button.danger").click();
    browser.waitFor(d -> browser.present("section .status-KILLED") ? true : null, "deleted");
    assertThat(experiment(bob, id).get("lifecycle_stage").asText()).isEqualTo("deleted");
    // Only admins may delete it for good.
    assertThat(browser.all(".actions button")).extracting(WebElement::getText)
        .doesNotContain("Delete permanently");
    // Deleted experiments are listed apart, and open from there.
    browser.open(stack.gatewayUrl() + "/#/");
    browser.find("#experiments-view").click();
    browser.waitFor(d -> browser.find("h1").getText().equals("Deleted experiments")
        && browser.all("#experiments tbody a").stream()
            .anyMatch(a -> a.getText().equals(name + "-renamed")) ? true : null,
        "the deleted experiment listed");
    assertThat(browser.all("#experiments tbody a")).extracting(WebElement::getText)
        .doesNotContain(experimentName);
    browser.all("#experiments tbody a").stream()
        .filter(a -> a.getText().equals(name + "-renamed")).findFirst().orElseThrow().click();
    browser.waitFor(d -> browser.present("section .status-KILLED") ? true : null,
        "its page, deleted");
    browser.waitFor(d -> browser.all(".actions button").stream()
        .filter(b -> b.getText().equals("Restore")).findFirst().orElse(null), "Restore").click();
    browser.waitFor(d -> browser.present("section .status-KILLED") ? null : true, "restored");
    assertThat(experiment(bob, id).get("lifecycle_stage").asText()).isEqualTo("active");

    // A name that is taken is refused in MLflow's words, and nothing changes.
    rename = browser.find("input[name=rename-experiment]");
    rename.clear();
    rename.sendKeys(experimentName, Keys.ENTER);
    browser.waitFor(d -> browser.present(".actions .error") ? true : null, "the refusal");
    assertThat(browser.find(".actions .error").getText()).startsWith("RESOURCE_ALREADY_EXISTS");
    assertThat(experiment(bob, id).get("name").asText()).isEqualTo(name + "-renamed");
  }

  private static JsonNode experiment(StackClient client, String id) {
    return client.get(API + "/experiments/get?experiment_id=" + id).ok().json()
        .get("experiment");
  }

  @Test
  void anEditorDescribesAModelAndMovesItsAliases() {
    StackClient bob = stack.client(stack.editor());
    // A quote in the name: the page's searches must still find the versions.
    String name = MlflowRest.unique("ui-alias") + "'s";
    bob.post(API + "/registered-models/create", Map.of("name", name)).ok();
    for (int v = 1; v <= 2; v++) {
      bob.post(API + "/model-versions/create", Map.of("name", name,
          "source", "runs:/" + runIds.get("fast") + "/model", "run_id", runIds.get("fast"))).ok();
    }
    signIn(TestUser.BOB);
    browser.open(stack.gatewayUrl() + "/#/models/" + URLEncoder.encode(name,
        StandardCharsets.UTF_8));
    browser.find("#edit-description").click();
    browser.find("textarea[name=description]").sendKeys("Fast, small.");
    browser.find("form.description-editor button[type=submit]").click();
    browser.waitFor(d -> browser.present("#description") && browser.find("#description")
        .getText().equals("Fast, small.") ? true : null, "the saved description");
    assertThat(model(bob, name).get("description").asText()).isEqualTo("Fast, small.");

    // The model's tags and a version's, added and deleted in place.
    browser.find("input[name=model-tag-key]").sendKeys("task");
    browser.find("input[name=model-tag-value]").sendKeys("vision", Keys.ENTER);
    browser.waitFor(d -> browser.present("#model-tags") && browser.find("#model-tags").getText()
        .contains("vision") ? true : null, "the model's tag");
    assertThat(model(bob, name).get("tags").toString())
        .isEqualTo("[{\"key\":\"task\",\"value\":\"vision\"}]");
    browser.find("button[aria-label='Delete tag task']").click();
    browser.waitFor(d -> browser.present("#model-tags") ? null : true, "the model's tag gone");
    assertThat(model(bob, name).has("tags")).isFalse();
    browser.find("#versions tr[data-version='1'] details.version-tags summary").click();
    browser.find("input[name=version-1-tag-key]").sendKeys("validated");
    browser.find("input[name=version-1-tag-value]").sendKeys("yes", Keys.ENTER);
    browser.waitFor(d -> browser.present("#version-1-tags") && browser.find("#version-1-tags")
        .getText().contains("validated") ? true : null, "version 1's tag");
    assertThat(version(bob, name, 1).get("tags").toString())
        .isEqualTo("[{\"key\":\"validated\",\"value\":\"yes\"}]");
    assertThat(browser.present("#version-2-tags")).isFalse();
    browser.find("button[aria-label='Delete tag validated of version 1']").click();
    browser.waitFor(d -> browser.present("#version-1-tags") ? null : true,
        "version 1's tag gone");
    assertThat(version(bob, name, 1).has("tags")).isFalse();

    browser.find("input[name=alias]").sendKeys("champion");
    browser.find("input[name=alias-version]").sendKeys("1", Keys.ENTER);
    browser.waitFor(d -> browser.find("#versions tr[data-version='1']").getText()
        .contains("@champion") ? true : null, "the alias on version 1");
    // Setting it again on version 2 moves it, as MLflow does.
    browser.find("input[name=alias]").sendKeys("champion");
    browser.find("input[name=alias-version]").sendKeys("2", Keys.ENTER);
    browser.waitFor(d -> browser.find("#versions tr[data-version='2']").getText()
        .contains("@champion") ? true : null, "the alias moved to version 2");
    assertThat(model(bob, name).get("aliases").toString())
        .isEqualTo("[{\"alias\":\"champion\",\"version\":\"2\"}]");
    // A version that does not exist is refused in MLflow's words.
    browser.find("input[name=alias]").sendKeys("nightly");
    browser.find("input[name=alias-version]").sendKeys("9", Keys.ENTER);
    browser.waitFor(d -> browser.present(".alias-editor .error") ? true : null, "the refusal");
    assertThat(browser.find(".alias-editor .error").getText())
        .startsWith("RESOURCE_DOES_NOT_EXIST");
    browser.find("button[aria-label='Remove alias champion']").click();
    browser.waitFor(d -> browser.present("button[aria-label='Remove alias champion']") ? null
        : true, "the alias removed");
    assertThat(model(bob, name).has("aliases")).isFalse();

    // A version's stage is picked in place; a version, then the model, deleted.
    new Select(browser.find("select[aria-label='Stage of version 1']")).selectByValue("Production");
    browser.waitFor(d -> "Production".equals(model(bob, name).at("/latest_versions").findValues(
        "current_stage").stream().map(JsonNode::asText).filter("Production"::equals).findFirst()
        .orElse(null)) ? true : null, "version 1 in Production");
    browser.find("#edit-version-1-description").click();
    browser.find("#versions tr[data-version='1'] textarea").sendKeys("First cut.");
    browser.find("#versions tr[data-version='1'] form button[type=submit]").click();
    browser.waitFor(d -> browser.present("#version-1-description") && browser.find(
        "#version-1-description").getText().equals("First cut.") ? true : null,
        "version 1's description");
    assertThat(bob.get(API + "/model-versions/get?version=1&name="
        + URLEncoder.encode(name, StandardCharsets.UTF_8)).ok().json()
        .at("/model_version/description").asText()).isEqualTo("First cut.");
    browser.script("window.confirm = () => true;");
    browser.find("button[aria-label='Delete version 2']").click();
    browser.waitFor(d -> browser.all("#versions tbody tr").size() == 1 ? true : null,
        "one version left");
    browser.find("h1 ~ button.danger").click();
    browser.waitFor(d -> browser.driver().getCurrentUrl().endsWith("/#/models") ? true : null,
        "back on the list");
    assertThat(bob.get(API + "/registered-models/get?name="
        + URLEncoder.encode(name, StandardCharsets.UTF_8)).status()).isEqualTo(404);
  }

  private static JsonNode version(StackClient client, String name, int version) {
    return client.get(API + "/model-versions/get?version=" + version + "&name="
        + URLEncoder.encode(name, StandardCharsets.UTF_8)).ok().json().get("model_version");
  }

  private static JsonNode model(StackClient client, String name) {
    return client.get(API + "/registered-models/get?name="
        + URLEncoder.encode(name, StandardCharsets.UTF_8)).ok().json()
        .get("registered_model");
  }

  @Test
  void modelsListAVersionsRunAndMlflowsOwnLinksOpen() {
    signIn(TestUser.ALICE);
    browser.find("nav.sections a[data-section=models]").click();
    browser.find("input[name=q]").sendKeys(modelName, Keys.ENTER);
    browser.waitFor(d -> browser.all("#models tbody tr").size() == 1
        && browser.find("#models tbody tr").getText().startsWith(modelName) ? true : null,
        "the model found by name");
    String row = browser.find("#models tbody tr").getText();
    assertThat(row).contains("v2 (Staging)").contains("v1").contains("@champion → v1")
        .contains("Reads digits.");
    assertThat(browser.find("nav.sections a.active").getText()).isEqualTo("Models");

    browser.find("#models tbody a").click();
    browser.waitFor(d -> browser.all("#versions tbody tr").size() == 2 ? true : null,
        "two versions");
    assertThat(browser.find("#versions tr[data-version='2']").getText()).contains("Staging");
    assertThat(browser.find("#versions tr[data-version='1']").getText()).contains("@champion");
    assertThat(browser.find("#description").getText()).isEqualTo("Reads digits.");
    assertThat(browser.present("#edit-description")).isFalse();
    assertThat(browser.present("input[name=alias]")).isFalse();
    assertThat(browser.present("select[name=stage]")).isFalse();
    assertThat(browser.present("button.danger")).isFalse();
    assertThat(browser.present("input[name=model-tag-key]")).isFalse();
    assertThat(browser.present("details.version-tags")).isFalse();
    browser.find("#versions tr[data-version='1'] a").click();
    // The version's run lists what was registered from it.
    browser.waitFor(d -> browser.present("#registered-versions")
        && browser.find("#registered-versions").getText().contains(modelName + " v2 (Staging)")
        ? true : null, "the run's registered versions");
    assertThat(browser.find("h1").getText()).contains("baseline");

    // The links MLflow's client prints ("View run at .../#/experiments/1/runs/<id>") and
    // MLflow's model version pages open the same views.
    browser.open(stack.gatewayUrl() + "/#/experiments/" + experimentId + "/runs/"
        + runIds.get("sgd"));
    browser.waitFor(d -> browser.find("h1").getText().contains("sgd") ? true : null,
        "the run from MLflow's link");
    assertThat(browser.driver().getCurrentUrl()).endsWith("/#/runs/" + runIds.get("sgd"));
    browser.open(stack.gatewayUrl() + "/#/models/" + modelName + "/versions/1");
    browser.waitFor(d -> browser.present("#versions tr.selected")
        && "1".equals(browser.find("#versions tr.selected").getAttribute("data-version"))
        ? true : null, "version 1 picked out");
    browser.open(stack.gatewayUrl() + "/#/compare-runs?runs=" + URLEncoder.encode("[\""
        + runIds.get("fast") + "\",\"" + runIds.get("sgd") + "\"]", StandardCharsets.UTF_8)
        + "&experiments=%5B%22" + experimentId + "%22%5D");
    browser.waitFor(d -> browser.present("#compare-params")
        && browser.find(".u-legend").getText().contains("fast")
        && browser.find(".u-legend").getText().contains("sgd") ? true : null,
        "MLflow's compare link");
    browser.screenshot("model");
  }

  private void openArtifact(String name) {
    browser.waitFor(d -> browser.all("#artifact-tree button.file").stream()
        .filter(b -> b.getText().startsWith(name)).findFirst().orElse(null), name).click();
  }

  private long paintedPixels() {
    Object n = browser.script("const c = document.querySelector('.chart-area canvas');"
        + " if (!c) return 0; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height)"
        + ".data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;");
    return ((Number) n).longValue();
  }

  @Test
  void compareTwoRunsWithChartsScatterAndParallelCoordinates() {
    signIn(TestUser.BOB);
    browser.open(stack.gatewayUrl() + "/#/experiments/" + experimentId);
    runNames();
    for (String name : List.of("baseline", "sgd")) {
      browser.find("#runs input[aria-label='Select " + name + "']").click();
    }
    WebElement compare = browser.find("button.primary");
    assertThat(compare.getText()).isEqualTo("Compare (2)");
    compare.click();

    WebElement params = browser.find("#compare-params");
    assertThat(rowClass(params, "lr")).contains("diff");
    assertThat(rowClass(params, "optimizer")).contains("diff");
    assertThat(rowClass(params, "layers")).doesNotContain("diff");
    assertThat(browser.find("#compare-metrics").getText()).contains("0.3").contains("0.5");

    // Overlaid chart: one line per run in the legend, drawn, then switched to wall time and
    // log scale, which the URL keeps.
    browser.find(".chart-area canvas");
    browser.waitFor(d -> paintedPixels() > 100 ? true : null, "a drawn chart");
    String legend = browser.find(".u-legend").getText();
    assertThat(legend).contains("baseline").contains("sgd");
    new Select(browser.find("select[name=metric]")).selectByValue("loss");
    new Select(browser.find("select[name=x-axis]")).selectByValue("wall");
    browser.find("input[name=log-scale]").click();
    browser.waitFor(d -> paintedPixels() > 100 ? true : null, "the redrawn chart");
    assertThat(URLDecoder.decode(browser.driver().getCurrentUrl(), StandardCharsets.UTF_8))
        .contains("metric=loss").contains("x=wall").contains("log=1");

    new Select(browser.find("select[name=scatter-x]")).selectByValue("p:lr");
    new Select(browser.find("select[name=scatter-y]")).selectByValue("m:loss");
    assertThat(browser.all("svg.scatter circle")).hasSize(2);
    assertThat(browser.all("svg.parallel polyline.pc-line")).hasSize(2);
    browser.screenshot("compare");

    // A fresh load of the same URL gives the same view.
    String url = browser.driver().getCurrentUrl();
    browser.open("about:blank");
    browser.open(url);
    assertThat(new Select(browser.find("select[name=x-axis]")).getFirstSelectedOption()
        .getAttribute("value")).isEqualTo("wall");
    assertThat(browser.find("input[name=log-scale]").isSelected()).isTrue();
    assertThat(new Select(browser.find("select[name=scatter-x]")).getFirstSelectedOption()
        .getAttribute("value")).isEqualTo("p:lr");
  }

  private static String rowClass(WebElement table, String key) {
    return table.findElements(By.cssSelector("tbody tr")).stream()
        .filter(tr -> tr.findElement(By.cssSelector("th")).getText().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + key)).getAttribute("class");
  }

  @Test
  void readerSeesNoWriteControls() {
    signIn(TestUser.ALICE);
    browser.find("#experiments tbody a");
    assertThat(browser.present("input[name=experiment-name]")).isFalse();
    browser.open(stack.gatewayUrl() + "/#/experiments/" + experimentId);
    runNames();
    assertThat(browser.all("button.danger")).isEmpty();
    assertThat(browser.find("#description").getText()).isEqualTo("Three optimisers on digits.");
    assertThat(browser.present("#edit-description")).isFalse();
    browser.open(stack.gatewayUrl() + "/#/runs/" + runIds.get("fast"));
    browser.find("#params");
    assertThat(browser.present("input[name=rename-run]")).isFalse();
    assertThat(browser.present("input[name=tag-key]")).isFalse();
    assertThat(browser.present("button.danger")).isFalse();
    // fast has no description, and a reader is offered none to write.
    assertThat(browser.present("#description")).isFalse();
    assertThat(browser.present("#edit-description")).isFalse();
    browser.screenshot("reader-run-page");
  }

  @Test
  void aPageOfRunsHasItsOwnLink() {
    StackClient bob = stack.client(stack.editor());
    String many = MlflowRest.createExperiment(bob, MlflowRest.unique("ui-pages"));
    for (int i = 0; i < 60; i++) {
      bob.post(API + "/runs/create", Map.of("experiment_id", many, "run_name", "r" + i,
          "start_time", 1_000_000L + i)).ok();
    }
    signIn(TestUser.ALICE);
    browser.open(stack.gatewayUrl() + "/#/experiments/" + many + "?ps=50");
    browser.waitFor(d -> runNames().size() == 50 ? true : null, "the first 50 runs");
    assertThat(runNames().get(0)).isEqualTo("r59");
    browser.all(".pager button").stream().filter(b -> b.getText().startsWith("Next"))
        .findFirst().orElseThrow().click();
    browser.waitFor(d -> runNames().size() == 10 ? true : null, "the last 10 runs");
    assertThat(runNames()).startsWith("r9").endsWith("r0");
    String url = browser.driver().getCurrentUrl();
    assertThat(url).contains("p=1").contains("from=");

    browser.open("about:blank");
    browser.open(url);
    browser.waitFor(d -> runNames().size() == 10 ? true : null, "the linked page");
    assertThat(browser.find(".pager").getText()).contains("Runs 51–60");
    browser.all(".pager button").stream().filter(b -> b.getText().contains("Previous"))
        .findFirst().orElseThrow().click();
    browser.waitFor(d -> runNames().size() == 50 ? true : null, "back on the first page");
    assertThat(browser.driver().getCurrentUrl()).doesNotContain("from=");
  }

  /** The UI's pure helpers, imported as modules in the page and run there. */
  @Test
  void theUisHelpersComputeWhatTheyPromise() {
    signIn(TestUser.ALICE);
    Object result = browser.script("""
        return Promise.all([import('/static/js/charts.js'), import('/static/js/views/artifacts.js'),
            import('/static/js/api.js'), import('/static/js/views/compare.js'),
            import('/static/js/views/experiment.js')])
          .then(([charts, artifacts, api, compare, experiment]) => JSON.stringify({
            smoothConst: charts.smooth([2, 2, 2], 0.9),
            smoothOff: charts.smooth([1, 5], 0),
            smoothSkipsNull: charts.smooth([1, null, 3], 0.5),
            colours: new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(
                (id) => charts.runColours(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])(id))).size,
            stable: charts.runColour('abc') === charts.runColour('abc'),
            csv: artifacts.parseCsv('a,b\\n"x,1","say \"\"hi\"\"\"\\r\\n3,\\n', ','),
            kinds: ['p.png', 'c.json', 'd.csv', 'e.yaml', 'MLmodel', 'model.pkl']
                .map(artifacts.previewKind),
            plain: api.nameFilter("it's"),
            quotes: [api.quoted('a'), api.quoted("it's"), api.quoted('say "hi"')],
            raw: api.nameFilter("tags.team = 'x'"),
            differing: compare.differingKeys([{a: '1', b: '2'}, {a: '1', b: '3'}, {a: '1'}],
                ['a', 'b']),
            order: experiment.orderKey('m', 'val`loss'),
            scale: charts.axisScale(['sgd', 'adam', 'sgd']).cats,
          }));
        """);
    JsonNode r = readJson((String) result);
    // A constant stays constant from the first point: the moving average is debiased.
    assertThat(r.get("smoothConst")).hasSize(3)
        .allSatisfy(v -> assertThat(v.asDouble()).isCloseTo(2.0, within(1e-9)));
    assertThat(r.get("smoothOff").toString()).isEqualTo("[1,5]");
    assertThat(r.get("smoothSkipsNull").get(1).isNull()).isTrue();
    assertThat(r.get("colours").asInt()).isEqualTo(8);
    assertThat(r.get("stable").asBoolean()).isTrue();
    assertThat(r.get("csv").toString())
        .isEqualTo("[[\"a\",\"b\"],[\"x,1\",\"say \\\"hi\\\"\"],[\"3\",\"\"]]");
    assertThat(r.get("kinds").toString())
        .isEqualTo("[\"image\",\"json\",\"csv\",\"text\",\"text\",\"none\"]");
    // A quote in the name: MLflow's double-quoted literal, which keeps no backslash.
    assertThat(r.get("plain").asText()).isEqualTo("name ILIKE \"%it's%\"");
    assertThat(r.get("raw").asText()).isEqualTo("tags.team = 'x'");
    assertThat(r.get("quotes").get(0).asText()).isEqualTo("'a'");
    assertThat(r.get("quotes").get(1).asText()).isEqualTo("\"it's\"");
    assertThat(r.get("quotes").get(2).asText()).isEqualTo("'say \"hi\"'");
    assertThat(r.get("differing").toString()).isEqualTo("[\"b\"]");
    assertThat(r.get("order").asText()).isEqualTo("metrics.`val\\`loss`");
    assertThat(r.get("scale").toString()).isEqualTo("[\"adam\",\"sgd\"]");
  }

  private static JsonNode readJson(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] redSquare() throws IOException {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 32, 32);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
