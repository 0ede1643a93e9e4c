package io.voicegather.server.ai.assistants;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every assistant the server knows by id: those of the assistants file (read-only) and those created through the
 * API (kept in the database). Lookups, done when a call starts an assistant, are served from memory; changes are
 * written to the database before they are visible. Thread-safe.
 */
public final class AssistantCatalog {
    public static final String ID_PREFIX = "assistant-";
    private static final Logger LOG = LoggerFactory.getLogger(AssistantCatalog.class);
    private static final Comparator<StoredAssistant> OLDEST_FIRST =
            Comparator.comparing(StoredAssistant::createdAt).thenComparing(StoredAssistant::id);

    private final List<StoredAssistant> fileList;
    private final Map<String, StoredAssistant> fromFile;
    private final AssistantTable table;
    private final Map<String, StoredAssistant> created = new ConcurrentHashMap<>();
    /** Idempotency-Key of a create to the id it created, for the assistants that still exist. */
    private final Map<String, String> createdByKey = new ConcurrentHashMap<>();
    private final Clock clock;

    private AssistantCatalog(List<StoredAssistant> fileAssistants, AssistantTable table, Clock clock) {
        Map<String, StoredAssistant> byId = new LinkedHashMap<>();
        for (StoredAssistant a : fileAssistants) {
            byId.put(a.id(), a);
        }
        this.fileList = List.copyOf(byId.values());
        this.fromFile = Map.copyOf(byId);
        this.table = table;
        this.clock = clock;
    }

    /**
     * Loads the assistants kept in {@code db} next to those of the file. A stored definition that no longer reads
     * (a rule of a newer version refuses it) is left in the database and logged, not served.
     *
     * @param reader checks a stored definition again, as the API checked it when it was created
     */
    public static AssistantCatalog open(Database db, List<StoredAssistant> fileAssistants,
                                        Function<ObjectNode, AssistantDefinition> reader, Clock clock) {
        AssistantCatalog catalog = new AssistantCatalog(fileAssistants, new AssistantTable(db), clock);
        for (AssistantTable.Row row : catalog.table.all()) {
            if (catalog.fromFile.containsKey(row.id())) {
                LOG.warn("assistant {} is both in the assistants file and in the database; the file's is used", row.id());
                continue;
            }
            try {
                AssistantDefinition d = reader.apply((ObjectNode) Json.MAPPER.readTree(row.definitionJson()));
                catalog.created.put(row.id(),
                        new StoredAssistant(row.id(), Instant.ofEpochMilli(row.createdAtMillis()), false, d));
                if (row.idempotencyKey() != null) {
                    catalog.createdByKey.put(row.idempotencyKey(), row.id());
                }
            } catch (RuntimeException | IOException e) {
                LOG.error("assistant {} in the database cannot be read and is not served: {}", row.id(), e.toString());
            }
        }
        return catalog;
    }

    public Optional<StoredAssistant> find(String id) {
        StoredAssistant a = fromFile.get(id);
        return a != null ? Optional.of(a) : Optional.ofNullable(created.get(id));
    }

    /** The file's assistants in file order, then the created ones, oldest first. */
    public List<StoredAssistant> list() {
        List<StoredAssistant> out = new ArrayList<>(fileList);
        List<StoredAssistant> mine = new ArrayList<>(created.values());
        mine.sort(OLDEST_FIRST);
        out.addAll(mine);
        return out;
    }

    public StoredAssistant create(AssistantDefinition definition) {
        return create(definition, null);
    }

    /**
     * @param idempotencyKey the request's Idempotency-Key, or null: a create with the key of an earlier one that
     *                       still exists answers that assistant and stores nothing (a client's retry after a lost
     *                       answer must not store the assistant twice)
     */
    public synchronized StoredAssistant create(AssistantDefinition definition, String idempotencyKey) {
        if (idempotencyKey != null) {
            String earlier = createdByKey.get(idempotencyKey);
            if (earlier != null && created.containsKey(earlier)) {
                return created.get(earlier);
            }
        }
        String id = ID_PREFIX + UUID.randomUUID();
        Instant now = clock.instant();
        table.insert(id, Json.write(definition.json()), now.toEpochMilli(), idempotencyKey);
        StoredAssistant a = new StoredAssistant(id, now, false, definition);
        created.put(id, a);
        if (idempotencyKey != null) {
            createdByKey.put(idempotencyKey, id);
        }
        return a;
    }

    /** Replaces the definition of a created assistant. */
    public synchronized StoredAssistant update(String id, AssistantDefinition definition) {
        StoredAssistant old = changeable(id);
        if (!table.update(id, Json.write(definition.json()), clock.millis())) {
            throw AssistantCatalogException.notFound(id);
        }
        StoredAssistant a = new StoredAssistant(id, old.createdAt(), false, definition);
        created.put(id, a);
        return a;
    }

    public synchronized StoredAssistant delete(String id) {
        StoredAssistant old = changeable(id);
        table.delete(id);
        created.remove(id);
        createdByKey.values().remove(id);
        return old;
    }

    private StoredAssistant changeable(String id) {
        if (fromFile.containsKey(id)) {
            throw AssistantCatalogException.readOnly(id);
        }
        StoredAssistant a = created.get(id);
        if (a == null) {
            throw AssistantCatalogException.notFound(id);
        }
        return a;
    }

}
