package org.labtrack.tracking.registry.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.RunService;
import org.labtrack.tracking.domain.model.Tag;
import org.labtrack.tracking.domain.search.PageToken;
import org.labtrack.tracking.domain.search.PyRepr;
import org.labtrack.tracking.loggedmodel.domain.LoggedModel;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelService;
import org.labtrack.tracking.registry.domain.search.Clause;
import org.labtrack.tracking.registry.domain.search.RegistrySearch;
import org.labtrack.tracking.registry.domain.search.SortKey;
import org.labtrack.tracking.registry.store.ModelVersionEntity;
import org.labtrack.tracking.registry.store.RegisteredModelEntity;
import org.labtrack.tracking.registry.store.RegistryStore;
import org.labtrack.tracking.registry.store.RegistryStore.VersionKey;
import org.labtrack.tracking.store.DatabaseFailures;
import org.labtrack.tracking.store.Transactions;

/**
 * The Model Registry: registered models, their versions, stages, tags and aliases, with the
 * behaviour and wording of MLflow's SQL registry store.
 */
@ApplicationScoped
public class RegistryService {
  public static final int SEARCH_MODELS_DEFAULT = 100;
  public static final int SEARCH_MODELS_MAX = 1000;
  public static final int SEARCH_VERSIONS_DEFAULT = 10_000;
  public static final int SEARCH_VERSIONS_MAX = 200_000;
  static final String READY = "READY";
  private static final String PROMPT_TEXT_TAG = "mlflow.prompt.text";

  /** One page of a search. */
  public record Page<T>(List<T> items, String nextPageToken) {
  }

  private final RegistryStore store;
  private final Transactions tx;
  private final RunService runs;
  private final LoggedModelService loggedModels;

  RegistryService(RegistryStore store, Transactions tx, RunService runs,
      LoggedModelService loggedModels) {
    this.store = store;
    this.tx = tx;
    this.runs = runs;
    this.loggedModels = loggedModels;
  }

  // ---- registered models

  /** Creates a model; a taken name is {@code RESOURCE_ALREADY_EXISTS}, which clients rely on. */
  public RegisteredModel createRegisteredModel(String name, List<Tag> tags, String description) {
    RegistryValidation.modelName(name);
    Map<String, String> tagValues = tagMap(tags);
    RegistryValidation.description(description);
    try {
      return tx.write(() -> {
        long now = now();
        RegisteredModelEntity model = new RegisteredModelEntity();
        model.name = name;
        model.creationTime = now;
        model.lastUpdatedTime = now;
        model.description = description;
        store.insertModel(model);
        tagValues.forEach((k, v) -> store.upsertModelTag(name, k, v));
        return toModels(List.of(model)).get(0);
      });
    } catch (RuntimeException e) {
      if (DatabaseFailures.isDuplicateKey(e)) {
        throw alreadyExists(name);
      }
      throw e;
    }
  }

  public RegisteredModel getRegisteredModel(String name) {
    return toModels(List.of(model(name))).get(0);
  }

  /** Sets the description; an absent one clears it, as MLflow's handler sends "" then. */
  public RegisteredModel updateRegisteredModel(String name, String description) {
    RegistryValidation.modelName(name);
    RegistryValidation.description(description);
    return tx.write(() -> {
      RegisteredModelEntity model = lockedModel(name);
      model.description = description == null ? "" : description;
      model.lastUpdatedTime = now();
      return toModels(List.of(model)).get(0);
    });
  }

  public RegisteredModel renameRegisteredModel(String name, String newName) {
    RegistryValidation.newModelName(newName);
    RegistryValidation.modelName(name);
    try {
      return tx.write(() -> {
        lockedModel(name);
        store.renameModel(name, newName, now());
        return toModels(List.of(store.findModel(newName).orElseThrow())).get(0);
      });
    } catch (RuntimeException e) {
      if (DatabaseFailures.isDuplicateKey(e)) {
        throw alreadyExists(newName);
      }
      throw e;
    }
  }

  /** Deletes the model with all its versions, tags and aliases. */
  public void deleteRegisteredModel(String name) {
    RegistryValidation.modelName(name);
    tx.write(() -> {
      lockedModel(name);
      store.deleteModel(name);
    });
  }

  /** One page of models; see {@link RegistrySearch} for the grammar. */
  public Page<RegisteredModel> searchRegisteredModels(String filter, Long maxResults,
      List<String> orderBy, String pageToken) {
    int limit = pageSize(maxResults, SEARCH_MODELS_DEFAULT, SEARCH_MODELS_MAX);
    List<Clause> clauses = RegistrySearch.modelFilter(filter);
    List<SortKey> order = RegistrySearch.modelOrderBy(orderBy);
    long offset = PageToken.decodeOffset(pageToken);
    List<String> names = store.searchModels(clauses, RegistrySearch.queriesPrompts(clauses),
        order, offset, limit + 1);
    String next = names.size() > limit ? PageToken.offsetToken(offset + limit) : null;
    List<String> page = names.subList(0, Math.min(limit, names.size()));
    Map<String, RegisteredModelEntity> byName = new HashMap<>();
    store.findModels(page).forEach(m -> byName.put(m.name, m));
    List<RegisteredModelEntity> ordered = page.stream().map(byName::get)
        .filter(java.util.Objects::nonNull).toList();
    return new Page<>(toModels(ordered), next);
  }

  /** The newest version in each requested stage (all stages when none are named). */
  public List<ModelVersion> getLatestVersions(String name, List<String> stages) {
    RegistryValidation.modelName(name);
    Set<String> wanted = new LinkedHashSet<>();
    for (String stage : stages == null || stages.isEmpty() ? Stages.ALL : stages) {
      wanted.add(Stages.canonical(stage));
    }
    model(name);
    List<VersionKey> latest = store.latestPerStage(List.of(name)).getOrDefault(name, List.of());
    return toVersions(store.findVersions(latest)).stream()
        .filter(v -> wanted.contains(v.currentStage())).toList();
  }

  public void setRegisteredModelTag(String name, String key, String value) {
    RegistryValidation.modelName(name);
    RegistryValidation.tag(key, value);
    tx.write(() -> {
      model(name);
      store.upsertModelTag(name, key, value == null ? "" : value);
    });
  }

  /** Deletes a tag; a tag that is not there is no error, as in MLflow. */
  public void deleteRegisteredModelTag(String name, String key) {
    RegistryValidation.modelName(name);
    RegistryValidation.tagKey(key);
    tx.write(() -> {
      model(name);
      store.deleteModelTag(name, key);
    });
  }

  // ---- model versions

  /** What a new version is made from, as the create-version request carries it. */
  public record NewVersion(String name, String source, String runId, List<Tag> tags,
      String runLink, String description, String modelId, String userId) {
  }

  /**
   * Registers a new version. Its number is one more than any the model ever had: the model row
   * is locked first, so concurrent registrations get consecutive numbers. {@code runs:/} and
   * {@code models:/} sources are resolved to the storage location clients download from.
   */
  public ModelVersion createModelVersion(NewVersion v) {
    String source = v.source();
    boolean prompt = v.tags() != null
        && v.tags().stream().anyMatch(t -> RegistrySearch.IS_PROMPT_TAG.equals(t.key()));
    if (!prompt) {
      ModelSources.validate(source, !isEmpty(v.modelId()));
    }
    RegistryValidation.modelName(v.name());
    Map<String, String> tagValues = new LinkedHashMap<>();
    for (Tag tag : v.tags() == null ? List.<Tag>of() : v.tags()) {
      versionTag(tag.key(), tag.value());
      tagValues.put(tag.key(), tag.value());
    }
    RegistryValidation.description(v.description());
    uriLength("source", source);
    uriLength("run_link", v.runLink());
    // The source is resolved in the version's transaction, so what the version points at is what
    // the database held when it was created, and the logged model it came from records it there.
    return tx.write(() -> {
      String runId = emptyToNull(v.runId());
      String modelId = emptyToNull(v.modelId());
      String storage = source;
      String scheme = ModelSources.scheme(source);
      if (scheme.equals("models")) {
        Resolved resolved = resolveModelsUri(source);
        storage = resolved.location();
        if (resolved.model() != null) {
          runId = runId != null ? runId : resolved.model().info().sourceRunId();
          modelId = modelId != null ? modelId : resolved.model().info().modelId();
        }
      } else if (scheme.equals("runs")) {
        RunsUri parsed = RunsUri.parse(source);
        storage = join(runs.info(parsed.runId()).artifactUri(), parsed.path());
        runId = runId != null ? runId : parsed.runId();
      }
      if (runId == null && modelId != null) {
        runId = loggedModels.get(modelId).info().sourceRunId();
      }
      uriLength("source", storage);
      long now = now();
      RegisteredModelEntity model = lockedModel(v.name());
      model.lastUpdatedTime = now;
      ModelVersionEntity version = new ModelVersionEntity();
      version.name = v.name();
      version.version = store.maxVersion(v.name()) + 1;
      version.creationTime = now;
      version.lastUpdatedTime = now;
      version.source = source;
      version.storageLocation = storage;
      version.runId = runId;
      version.runLink = emptyToNull(v.runLink());
      version.description = emptyToNull(v.description());
      version.userId = emptyToNull(v.userId());
      version.currentStage = Stages.NONE;
      version.status = READY;
      version.modelId = modelId;
      store.insertVersion(version);
      tagValues.forEach((k, val) -> store.upsertVersionTag(v.name(), version.version, k, val));
      if (!prompt && modelId != null) {
        loggedModels.recordModelVersion(modelId, v.name(), Integer.toString(version.version));
      }
      return toVersions(List.of(version)).get(0);
    });
  }

  public ModelVersion getModelVersion(String name, String version) {
    return toVersions(List.of(version(name, version))).get(0);
  }

  /** Sets the description; an absent one clears it, as in MLflow. */
  public ModelVersion updateModelVersion(String name, String version, String description) {
    int number = versionNumber(name, version);
    RegistryValidation.description(description);
    return tx.write(() -> {
      ModelVersionEntity v = lockedVersion(name, number, version);
      v.description = description;
      v.lastUpdatedTime = now();
      return toVersions(List.of(v)).get(0);
    });
  }

  /**
   * Moves a version to a legacy stage; with {@code archiveExisting} the versions already in that
   * stage move to Archived.
   */
  public ModelVersion transitionStage(String name, String version, String stage,
      boolean archiveExisting) {
    String canonical = Stages.canonical(stage);
    if (archiveExisting && !Stages.ACTIVE.contains(canonical)) {
      // MLflow raises this without an error code (a 500); it is the client's mistake
      throw MlflowException.invalidParameter("Model version transition cannot archive existing "
          + "model versions because '" + stage + "' is not an Active stage. Valid stages are "
          + PyRepr.list(Stages.ACTIVE));
    }
    int number = versionNumber(name, version);
    return tx.write(() -> {
      long now = now();
      ModelVersionEntity v = lockedVersion(name, number, version);
      if (archiveExisting) {
        store.archiveOthersInStage(name, number, canonical, now);
      }
      v.currentStage = canonical;
      v.lastUpdatedTime = now;
      store.touchModel(name, now);
      return toVersions(List.of(v)).get(0);
    });
  }

  /**
   * Deletes a version. As in MLflow the row stays, redacted and in an internal stage, so the
   * number is never given out again; its aliases go.
   */
  public void deleteModelVersion(String name, String version) {
    int number = versionNumber(name, version);
    tx.write(() -> {
      long now = now();
      ModelVersionEntity v = lockedVersion(name, number, version);
      store.deleteAliasesOf(name, number);
      v.currentStage = Stages.DELETED_INTERNAL;
      v.lastUpdatedTime = now;
      v.description = null;
      v.userId = null;
      v.source = "REDACTED-SOURCE-PATH";
      v.storageLocation = null;
      v.runId = "REDACTED-RUN-ID";
      v.runLink = "REDACTED-RUN-LINK";
      v.statusMessage = null;
      store.touchModel(name, now);
    });
  }

  /** Where the version's files are: the resolved storage location, else the source. */
  public String getDownloadUri(String name, String version) {
    ModelVersionEntity v = version(name, version);
    return v.storageLocation != null ? v.storageLocation : v.source;
  }

  public Page<ModelVersion> searchModelVersions(String filter, Long maxResults,
      List<String> orderBy, String pageToken) {
    int limit = pageSize(maxResults, SEARCH_VERSIONS_DEFAULT, SEARCH_VERSIONS_MAX);
    List<Clause> clauses = RegistrySearch.versionFilter(filter);
    List<SortKey> order = RegistrySearch.versionOrderBy(orderBy);
    long offset = PageToken.decodeOffset(pageToken);
    List<VersionKey> keys = store.searchVersions(clauses, RegistrySearch.queriesPrompts(clauses),
        order, offset, limit + 1);
    String next = keys.size() > limit ? PageToken.offsetToken(offset + limit) : null;
    List<VersionKey> page = keys.subList(0, Math.min(limit, keys.size()));
    return new Page<>(toVersions(store.findVersions(page)), next);
  }

  public void setModelVersionTag(String name, String version, String key, String value) {
    RegistryValidation.modelName(name);
    int number = versionNumber(name, version);
    versionTag(key, value);
    tx.write(() -> {
      version(name, number, version);
      store.upsertVersionTag(name, number, key, value == null ? "" : value);
    });
  }

  public void deleteModelVersionTag(String name, String version, String key) {
    int number = versionNumber(name, version);
    RegistryValidation.tagKey(key);
    tx.write(() -> {
      version(name, number, version);
      store.deleteVersionTag(name, number, key);
    });
  }

  // ---- aliases

  public void setAlias(String name, String alias, String version) {
    RegistryValidation.modelName(name);
    RegistryValidation.alias(alias);
    RegistryValidation.aliasNotReserved(alias);
    int number = versionNumber(name, version);
    tx.write(() -> {
      lockedModel(name);
      version(name, number, version);
      store.upsertAlias(name, alias, number);
    });
  }

  /** Deletes an alias; one that is not there is no error, as in MLflow. */
  public void deleteAlias(String name, String alias) {
    RegistryValidation.modelName(name);
    RegistryValidation.alias(alias);
    tx.write(() -> {
      lockedModel(name);
      store.deleteAlias(name, alias);
    });
  }

  /**
   * The version an alias points at. {@code latest} (any case) is the first of the model's latest
   * versions, exactly as MLflow picks it.
   */
  public ModelVersion getByAlias(String name, String alias) {
    RegistryValidation.modelName(name);
    RegistryValidation.alias(alias);
    if (alias.equalsIgnoreCase("latest")) {
      List<ModelVersion> latest = getLatestVersions(name, null);
      if (latest.isEmpty()) {
        throw MlflowException.notFound("Latest version not found for model " + name + ".");
      }
      return latest.get(0);
    }
    model(name);
    int number = store.aliasVersion(name, alias).orElseThrow(() ->
        MlflowException.invalidParameter("Registered model alias " + alias + " not found."));
    return getModelVersion(name, Integer.toString(number));
  }

  // ---- helpers

  private record Resolved(String location, LoggedModel model) {
  }

  /** {@code models:/<id>}, {@code models:/<name>/<version|stage|latest>}, {@code models:/<name>@<alias>}. */
  private Resolved resolveModelsUri(String source) {
    try {
      ModelsUri uri = ModelsUri.parse(source);
      if (uri.modelId() != null) {
        LoggedModel model = loggedModels.get(uri.modelId());
        return new Resolved(model.info().artifactUri(), model);
      }
      ModelVersion target;
      if (uri.version() != null) {
        return new Resolved(getDownloadUri(uri.name(), uri.version()), null);
      } else if (uri.alias() != null) {
        target = getByAlias(uri.name(), uri.alias());
      } else {
        List<ModelVersion> candidates = getLatestVersions(uri.name(),
            uri.stage() == null ? null : List.of(uri.stage()));
        target = candidates.stream()
            .max((a, b) -> Integer.compare(Integer.parseInt(a.version()), Integer.parseInt(b.version())))
            .orElseThrow(() -> MlflowException.notFound("No versions of model with name '"
                + uri.name() + "'" + (uri.stage() == null ? "" : " and stage '" + uri.stage() + "'")
                + " found"));
      }
      return new Resolved(getDownloadUri(target.name(), target.version()), null);
    } catch (MlflowException e) {
      // MLflow wraps any failure here in this message (as a 500; the cause is the client's)
      throw MlflowException.invalidParameter("Unable to fetch model from model URI source "
          + "artifact location '" + source + "'.Error: " + e.getMessage());
    }
  }

  private RegisteredModelEntity model(String name) {
    RegistryValidation.modelName(name);
    return store.findModel(name).orElseThrow(() -> modelNotFound(name));
  }

  private RegisteredModelEntity lockedModel(String name) {
    return store.lockModel(name).orElseThrow(() -> modelNotFound(name));
  }

  private ModelVersionEntity version(String name, String version) {
    return version(name, versionNumber(name, version), version);
  }

  private ModelVersionEntity version(String name, Integer number, String asGiven) {
    if (number == null) {
      throw versionNotFound(name, asGiven);
    }
    return store.findVersion(name, number).orElseThrow(() -> versionNotFound(name, asGiven));
  }

  private ModelVersionEntity lockedVersion(String name, Integer number, String asGiven) {
    store.lockModel(name);
    return version(name, number, asGiven);
  }

  private static Integer versionNumber(String name, String version) {
    RegistryValidation.modelName(name);
    Integer number = RegistryValidation.version(version);
    return number == null ? -1 : number;
  }

  private static void versionTag(String key, String value) {
    RegistryValidation.tagKey(key);
    if (PROMPT_TEXT_TAG.equals(key) && value != null
        && value.codePointCount(0, value.length()) > RegistryValidation.MAX_TAG_VALUE_LENGTH) {
      throw MlflowException.invalidParameter("Prompt text exceeds max length of "
          + RegistryValidation.MAX_TAG_VALUE_LENGTH + " characters.");
    }
    RegistryValidation.tag(key, value);
  }

  private static Map<String, String> tagMap(List<Tag> tags) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Tag tag : tags == null ? List.<Tag>of() : tags) {
      RegistryValidation.tag(tag.key(), tag.value());
      values.put(tag.key(), tag.value() == null ? "" : tag.value());
    }
    return values;
  }

  private List<RegisteredModel> toModels(List<RegisteredModelEntity> models) {
    List<String> names = models.stream().map(m -> m.name).toList();
    Map<String, List<Tag>> tags = store.modelTags(names);
    Map<String, Map<String, Integer>> aliases = store.aliases(names);
    Map<String, List<VersionKey>> latest = store.latestPerStage(names);
    List<VersionKey> latestKeys = latest.values().stream().flatMap(List::stream).toList();
    Map<VersionKey, ModelVersion> versions = new HashMap<>();
    for (ModelVersion v : toVersions(store.findVersions(latestKeys))) {
      versions.put(new VersionKey(v.name(), Integer.parseInt(v.version())), v);
    }
    List<RegisteredModel> result = new ArrayList<>(models.size());
    for (RegisteredModelEntity m : models) {
      List<ModelVersion> latestVersions = latest.getOrDefault(m.name, List.of()).stream()
          .map(versions::get).filter(java.util.Objects::nonNull).toList();
      List<RegisteredModel.Alias> modelAliases = aliases.getOrDefault(m.name, Map.of())
          .entrySet().stream()
          .map(e -> new RegisteredModel.Alias(e.getKey(), e.getValue().toString())).toList();
      result.add(new RegisteredModel(m.name, m.creationTime,
          m.lastUpdatedTime == null || m.lastUpdatedTime == 0 ? null : m.lastUpdatedTime,
          isEmpty(m.description) ? null : m.description, latestVersions,
          tags.getOrDefault(m.name, List.of()), modelAliases));
    }
    return result;
  }

  private List<ModelVersion> toVersions(List<ModelVersionEntity> versions) {
    List<VersionKey> keys = versions.stream().map(v -> new VersionKey(v.name, v.version)).toList();
    Map<VersionKey, List<Tag>> tags = store.versionTags(keys);
    Map<String, Map<String, Integer>> aliases =
        store.aliases(versions.stream().map(v -> v.name).collect(Collectors.toSet()));
    List<ModelVersion> result = new ArrayList<>(versions.size());
    for (ModelVersionEntity v : versions) {
      List<String> versionAliases = aliases.getOrDefault(v.name, Map.of()).entrySet().stream()
          .filter(e -> e.getValue() == v.version).map(Map.Entry::getKey).toList();
      result.add(new ModelVersion(v.name, Integer.toString(v.version), v.creationTime,
          v.lastUpdatedTime, v.userId, v.currentStage, v.description, v.source, v.runId,
          v.status, v.statusMessage, tags.getOrDefault(new VersionKey(v.name, v.version),
          List.of()), v.runLink, versionAliases, v.modelId));
    }
    return result;
  }

  private static int pageSize(Long maxResults, int defaultSize, int max) {
    long size = maxResults == null ? defaultSize : maxResults;
    if (size < 1) {
      throw MlflowException.invalidParameter("Invalid value for max_results. It must be a "
          + "positive integer, but got " + size);
    }
    if (size > max) {
      throw MlflowException.invalidParameter("Invalid value for request parameter max_results. "
          + "It must be at most " + max + ", but got value " + size);
    }
    return (int) size;
  }

  private static void uriLength(String field, String value) {
    org.labtrack.tracking.domain.Validation.lengthLimit(field, RegistryValidation.MAX_URI_LENGTH,
        value);
  }

  private static String join(String base, String path) {
    if (path.isEmpty()) {
      return base;
    }
    return base.endsWith("/") ? base + path : base + "/" + path;
  }

  private static MlflowException alreadyExists(String name) {
    return new MlflowException(ErrorCode.RESOURCE_ALREADY_EXISTS,
        "Registered Model (name=" + name + ") already exists.");
  }

  static MlflowException modelNotFound(String name) {
    return MlflowException.notFound("Registered Model with name=" + name + " not found");
  }

  private static MlflowException versionNotFound(String name, String version) {
    return MlflowException.notFound(
        "Model Version (name=" + name + ", version=" + version + ") not found");
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  private static String emptyToNull(String s) {
    return isEmpty(s) ? null : s;
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
