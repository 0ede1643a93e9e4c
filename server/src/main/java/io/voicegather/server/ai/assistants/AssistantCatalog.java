package io.voicegather.server.ai.assistants;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Every assistant the server knows by id: those of the assistants file (read-only) and those created through the
 * API (kept in the database). Lookups, done when a call starts an assistant, are served from memory; changes are
 * written to the database before they are visible. Nodes sharing a database see each other's changes at the next
 * {@link #refresh()} ({@link #startRefreshing} runs it every few seconds; docs/ai-assistants.md). Thread-safe.
 */
public final class AssistantCatalog implements AutoCloseable {
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
    private final Function<ObjectNode, AssistantDefinition> reader;
    private final Clock clock;
    private ScheduledExecutorService refresher; // guarded by this
    /** Rows already logged as not served, so that a refresh every few seconds does not repeat it. Guarded by this. */
    private final Set<String> reported = new HashSet<>();

    private AssistantCatalog(List<StoredAssistant> fileAssistants, AssistantTable table,
                             Function<ObjectNode, AssistantDefinition> reader, Clock clock) {
        Map<String, StoredAssistant> byId = new LinkedHashMap<>();
        for (StoredAssistant a : fileAssistants) {
            byId.put(a.id(), a);
        }
        this.fileList = List.copyOf(byId.values());
        this.fromFile = Map.copyOf(byId);
        this.table = table;
        this.reader = reader;
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
        AssistantCatalog catalog = new AssistantCatalog(fileAssistants, new AssistantTable(db), reader, clock);
        catalog.refresh();
        return catalog;
    }

    /**
     * Makes memory what the database holds: assistants other nodes created, changed or deleted appear here. Holds
     * this catalog's lock for one read of the table, so no change made here is lost to a snapshot older than it.
     */
    public synchronized void refresh() {
        Map<String, StoredAssistant> rows = new LinkedHashMap<>();
        Map<String, String> byKey = new LinkedHashMap<>();
        for (AssistantTable.Row row : table.all()) {
            if (fromFile.containsKey(row.id())) {
                if (reported.add(row.id())) {
                    LOG.warn("assistant {} is both in the assistants file and in the database; the file's is used",
                            row.id());
                }
                continue;
            }
            StoredAssistant known = created.get(row.id());
            StoredAssistant a = readRow(row, known);
            if (a != null) {
                rows.put(row.id(), a);
                if (row.idempotencyKey() != null) {
                    byKey.put(row.idempotencyKey(), row.id());
                }
            }
        }
        created.keySet().retainAll(rows.keySet());
        created.putAll(rows);
        createdByKey.keySet().retainAll(byKey.keySet());
        createdByKey.putAll(byKey);
    }

    /** The row as served: {@code known} again when its definition did not change, else read anew (null: unreadable). */
    private StoredAssistant readRow(AssistantTable.Row row, StoredAssistant known) {
        if (known != null && Json.write(known.definition().json()).equals(row.definitionJson())) {
            return known;
        }
        try {
            AssistantDefinition d = reader.apply((ObjectNode) Json.MAPPER.readTree(row.definitionJson()));
            return new StoredAssistant(row.id(), Instant.ofEpochMilli(row.createdAtMillis()), false, d);
        } catch (RuntimeException | IOException e) {
            if (reported.add(row.id())) {
                LOG.error("assistant {} in the database cannot be read and is not served: {}", row.id(), e.toString());
            }
            return null;
        }
    }

    /** Runs {@link #refresh()} every {@code interval} on a daemon thread until {@link #close()}: for a cluster. */
    public synchronized void startRefreshing(Duration interval) {
        if (refresher != null) {
            return;
        }
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "assistant-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                LOG.warn("cannot refresh the assistants from the database: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
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
        if (!table.insert(id, Json.write(definition.json()), now.toEpochMilli(), idempotencyKey)) {
            // another node created one with this key since the last refresh: that one is the answer
            refresh();
            String theirs = createdByKey.get(idempotencyKey);
            if (theirs != null && created.containsKey(theirs)) {
                return created.get(theirs);
            }
            throw new IllegalStateException("assistant with Idempotency-Key " + idempotencyKey + " vanished");
        }
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
