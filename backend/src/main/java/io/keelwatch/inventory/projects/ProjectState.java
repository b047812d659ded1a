package io.keelwatch.inventory.projects;

/** Which projects a list shows: the active ones (the default), the archived ones, or both. */
public enum ProjectState {
    active, archived, all
}
