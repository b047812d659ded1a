package io.keelwatch.findings;

/** Open (actionable) findings of one project by severity. */
public record ProjectExposure(String project, String projectName, String team, long critical, long high, long medium,
        long low, long unknown) {

    public long total() {
        return critical + high + medium + low + unknown;
    }
}
