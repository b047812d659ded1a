package io.keelwatch.access;

/** What a person may do; which teams they see follows from the role and their memberships. */
public enum Role {
    ADMIN,
    SECURITY_LEAD,
    DEVELOPER,
    AUDITOR;

    /** Leads, auditors and admins review every team; developers only their own. */
    public boolean seesAllTeams() {
        return this != DEVELOPER;
    }

    public boolean mayChangeFindings() {
        return this == SECURITY_LEAD || this == DEVELOPER || this == ADMIN;
    }

    /** Managing every team's projects (archiving them too); developers manage their own team's when the inventory lets them. */
    public boolean managesEveryProject() {
        return this == SECURITY_LEAD || this == ADMIN;
    }

    /** Approving, rejecting and revoking exceptions (risk acceptances, false positives, VEX) is a lead's call. */
    public boolean mayDecideExceptions() {
        return this == SECURITY_LEAD || this == ADMIN;
    }
}
