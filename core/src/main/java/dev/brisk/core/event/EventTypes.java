package dev.brisk.core.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event types a deployment accepts: the built-ins, whose meaning is fixed, and the types the
 * operator declared ({@code BRISK_EVENT_TYPES}). Immutable; one per process, built at start.
 */
public final class EventTypes {
    /** What a declared type's name may be: lower case, starting with a letter, at most 32 characters. */
    public static final String NAME = "[a-z][a-z0-9_]{0,31}";
    /** How many types may be declared: they are numbered in one byte next to the built-ins. */
    public static final int MAX_DECLARED = 64;

    /** The built-in types only: a deployment that declares none. */
    public static final EventTypes BUILT_IN = new EventTypes(List.of());

    private final Map<String, EventType> byName = new LinkedHashMap<>();
    private final List<EventType> declared;
    private final List<EventType> all;

    private EventTypes(List<String> declaredNames) {
        EventType.builtIns().forEach(t -> byName.put(t.wireName(), t));
        List<EventType> own = new ArrayList<>();
        for (String name : declaredNames) {
            EventType type = EventType.declared(name, byName.size());
            byName.put(name, type);
            own.add(type);
        }
        this.declared = List.copyOf(own);
        this.all = List.copyOf(byName.values());
    }

    /**
     * The vocabulary declaring {@code names} besides the built-ins.
     *
     * @throws IllegalArgumentException listing every problem when {@link #problems} finds any
     */
    public static EventTypes declaring(List<String> names) {
        List<String> problems = problems(names);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return names.isEmpty() ? BUILT_IN : new EventTypes(names);
    }

    /** Every reason why {@code names} cannot be declared; empty when they can. */
    public static List<String> problems(List<String> names) {
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String name : names) {
            if (!name.matches(NAME)) {
                problems.add("'" + name + "' is not a type name (lower-case letters, digits and _, starting with"
                        + " a letter, at most 32)");
            } else if (EventType.builtIn(name).isPresent()) {
                problems.add("'" + name + "' is built in; built-in types cannot be declared again");
            } else if (seen.contains(name)) {
                problems.add("'" + name + "' is declared twice");
            }
            seen.add(name);
        }
        if (names.size() > MAX_DECLARED) {
            problems.add("at most " + MAX_DECLARED + " types may be declared, got " + names.size());
        }
        return problems;
    }

    /**
     * The accepted type of a wire name, matched case-insensitively after trimming. {@code rate} is
     * accepted for {@link EventType#RATING}: it is the name used by the system Brisk replaces,
     * whose clients still send it.
     */
    public Optional<EventType> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normalized = EventType.normalize(name);
        EventType type = byName.get(normalized);
        return type != null ? Optional.of(type) : EventType.builtIn(normalized);
    }

    /**
     * The type of a stored event: an accepted one, or a retired type when the configuration no
     * longer declares the name. Stored events never stop a reader.
     */
    public EventType fromStored(String name) {
        return fromWire(name).orElseGet(() -> EventType.retired(name));
    }

    /** Every accepted type: the built-ins, then the declared ones in their order. */
    public List<EventType> all() {
        return all;
    }

    /** The declared types, in their order. */
    public List<EventType> declared() {
        return declared;
    }

    /** The accepted names, for messages: "view, click, ...". */
    public String wireNames() {
        return String.join(", ", all.stream().map(EventType::wireName).toList());
    }

    /** The names as {@code BRISK_EVENT_TYPES} lists them. */
    public String declaredNames() {
        return String.join(",", declared.stream().map(EventType::wireName).toList());
    }
}
