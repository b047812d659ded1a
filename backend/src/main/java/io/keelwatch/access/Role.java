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

    /**
     * Environments, clusters and their namespace rules, and what agents report from inside a cluster:
     * a cluster runs every team's workloads, so it is owned by those who see every team and act for them.
     */
    public boolean managesClusters() {
        return this == SECURITY_LEAD || this == ADMIN;
    }
}
