package io.keelwatch.platform;

/**
 * An upload whose body its endpoint reads and checks itself — streamed, large or gzip-compressed,
 * bounded before and after inflating, decoded strictly as UTF-8, every value it keeps cleaned by
 * {@link InboundText} where it is read — so {@code InboundTextFilter} leaves the body unread. A
 * module declares each of its uploads as a bean; platform knows none of them.
 *
 * @param pathPattern a Spring path pattern, e.g. {@code /api/v1/clusters/{cluster}/workloads}
 */
public record BodyReadByItsEndpoint(String pathPattern) {
}
