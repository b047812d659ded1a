package io.keelwatch.inventory.projects;

/** A project's criticality tier as {@code project.criticality} stores it ({@code tier1} most critical). */
enum Criticality {
    tier1, tier2, tier3;

    static final int DEFAULT_TIER = 2;

    int tier() {
        return ordinal() + 1;
    }

    static Criticality ofTier(int tier) {
        return values()[tier - 1];
    }

    static int tierOf(String column) {
        return valueOf(column).tier();
    }
}
