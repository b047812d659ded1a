package io.keelwatch.findings;

/** How a cluster finding's place is written for people: {@code namespace/Kind/name}, without the parts a report left out. */
final class ClusterLocation {

    private ClusterLocation() {
    }

    static String of(String namespace, String kind, String name) {
        StringBuilder place = new StringBuilder();
        for (String part : new String[] {namespace, kind, name}) {
            if (part != null) {
                place.append(place.isEmpty() ? "" : "/").append(part);
            }
        }
        return place.toString();
    }
}
