package io.keelwatch.inventory.workloads;

/** Where a container is declared in its Pod: init (native sidecars too), regular, or ephemeral (debug). */
public enum ContainerType {
    INIT("init"), CONTAINER("container"), EPHEMERAL("ephemeral");

    private final String value;

    ContainerType(String value) {
        this.value = value;
    }

    /** As stored and answered. */
    public String value() {
        return value;
    }

    static ContainerType of(String value) {
        for (ContainerType type : values()) {
            if (type.value.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
