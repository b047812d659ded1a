package io.keelwatch.access;

import io.keelwatch.platform.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ApiTokens {

    /** What authentication needs about a presented token and its owner, in one indexed read. */
    record Presented(long id, String displayPrefix, Long teamId, Long clusterId, Set<Scope> scopes, OffsetDateTime expiresAt,
            OffsetDateTime revokedAt, OffsetDateTime lastUsedAt, long ownerId, String ownerUsername, Role ownerRole,
            boolean ownerEnabled, Set<Long> ownerTeamIds) {

        Presented usedAt(OffsetDateTime time) {
            return new Presented(id, displayPrefix, teamId, clusterId, scopes, expiresAt, revokedAt, time, ownerId, ownerUsername,
                    ownerRole, ownerEnabled, ownerTeamIds);
        }
    }

    record NewToken(String name, long ownerId, Long teamId, Long clusterId, Set<Scope> scopes, String hash, String displayPrefix,
            OffsetDateTime expiresAt, String createdBy) {
    }

    /** A summary as stored: the cluster by id, named through the {@link ClusterDirectory}, which owns clusters. */
    private record Row(long id, String name, String prefix, String owner, String team, Long clusterId, List<String> scopes,
            OffsetDateTime createdAt, String createdBy, OffsetDateTime expiresAt, OffsetDateTime lastUsedAt,
            OffsetDateTime revokedAt, String status) {

        ApiTokenSummary summary(Map<Long, String> clusterNames) {
            return new ApiTokenSummary(id, name, prefix, owner, team, clusterId == null ? null : clusterNames.get(clusterId), scopes,
                    createdAt, createdBy, expiresAt, lastUsedAt, revokedAt, status);
        }
    }

    private static final String SUMMARY_SELECT = """
            select k.id, k.name, k.display_prefix, u.username as owner, t.slug as team, k.cluster_id, k.scopes, k.created_at,
                   k.created_by, k.expires_at, k.last_used_at, k.revoked_at,
                   case when k.revoked_at is not null then 'revoked'
                        when k.expires_at <= now() then 'expired'
                        else 'active' end as status
            from api_token k
            join app_user u on u.id = k.owner_id
            left join team t on t.id = k.team_id
            """;

    private final JdbcClient jdbc;
    private final ClusterDirectory clusters;

    ApiTokens(JdbcClient jdbc, ClusterDirectory clusters) {
        this.jdbc = jdbc;
        this.clusters = clusters;
    }

    /** The new token's id, or empty when a token with this hash already exists. */
    Optional<Long> insert(NewToken token) {
        return jdbc.sql("""
                insert into api_token (name, owner_id, team_id, cluster_id, scopes, token_hash, display_prefix, expires_at, created_by)
                values (:name, :owner, :team, :cluster, :scopes, :hash, :prefix, :expiresAt, :createdBy)
                on conflict (token_hash) do nothing
                returning id
                """)
                .param("name", token.name())
                .param("owner", token.ownerId())
                .param("team", token.teamId())
                .param("cluster", token.clusterId())
                .param("scopes", token.scopes().stream().map(Scope::value).sorted().toArray(String[]::new))
                .param("hash", token.hash())
                .param("prefix", token.displayPrefix())
                .param("expiresAt", token.expiresAt())
                .param("createdBy", token.createdBy())
                .query(Long.class)
                .optional();
    }

    Optional<Presented> findByHash(String hash) {
        return jdbc.sql("""
                select k.id, k.display_prefix, k.team_id, k.cluster_id, k.scopes, k.expires_at, k.revoked_at, k.last_used_at,
                       u.id as owner_id, u.username, u.role, u.enabled,
                       array(select m.team_id from team_membership m where m.user_id = u.id) as team_ids
                from api_token k join app_user u on u.id = k.owner_id
                where k.token_hash = :hash
                """)
                .param("hash", hash)
                .query((rs, n) -> new Presented(rs.getLong("id"), rs.getString("display_prefix"),
                        rs.getObject("team_id", Long.class), rs.getObject("cluster_id", Long.class), scopes(rs),
                        rs.getObject("expires_at", OffsetDateTime.class),
                        rs.getObject("revoked_at", OffsetDateTime.class), rs.getObject("last_used_at", OffsetDateTime.class),
                        rs.getLong("owner_id"), rs.getString("username"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"),
                        teamIds(rs)))
                .optional();
    }

    /** Records use; the condition makes concurrent requests within the same minute write at most once. */
    void touch(long id) {
        jdbc.sql("""
                update api_token set last_used_at = now()
                where id = :id and (last_used_at is null or last_used_at < now() - interval '1 minute')
                """)
                .param("id", id)
                .update();
    }

    Optional<ApiTokenSummary> summary(long id) {
        return named(jdbc.sql(SUMMARY_SELECT + " where k.id = :id").param("id", id).query(ApiTokens::row).list()).stream().findFirst();
    }

    /** Tokens owned by {@code ownerId}, or everyone's when it is null; newest first. */
    List<ApiTokenSummary> page(Long ownerId, PageRequest page) {
        Map<String, Object> params = new HashMap<>();
        params.put("owner", ownerId);
        params.put("limit", page.size());
        params.put("offset", page.offset());
        return named(jdbc.sql(SUMMARY_SELECT + """
                 where (cast(:owner as bigint) is null or k.owner_id = :owner)
                 order by k.created_at desc, k.id desc limit :limit offset :offset
                """)
                .params(params)
                .query(ApiTokens::row)
                .list());
    }

    long count(Long ownerId) {
        Map<String, Object> params = new HashMap<>();
        params.put("owner", ownerId);
        return jdbc.sql("select count(*) from api_token k where (cast(:owner as bigint) is null or k.owner_id = :owner)")
                .params(params)
                .query(Long.class)
                .single();
    }

    /** Tokens bound to the cluster that still work: neither revoked nor expired. */
    long activeBoundTo(long clusterId) {
        return jdbc.sql("""
                select count(*) from api_token
                where cluster_id = :cluster and revoked_at is null and (expires_at is null or expires_at > now())
                """)
                .param("cluster", clusterId)
                .query(Long.class)
                .single();
    }

    Optional<Long> ownerOf(long id) {
        return jdbc.sql("select owner_id from api_token where id = :id").param("id", id).query(Long.class).optional();
    }

    /** True when this call revoked it; false when it already was. */
    boolean revoke(long id, String by) {
        return jdbc.sql("update api_token set revoked_at = now(), revoked_by = :by where id = :id and revoked_at is null")
                .param("id", id)
                .param("by", by)
                .update() == 1;
    }

    private static Set<Scope> scopes(ResultSet rs) throws SQLException {
        return UserAccounts.strings(rs.getArray("scopes")).stream()
                .map(s -> Scope.fromValue(s).orElseThrow(() -> new IllegalStateException("unknown scope in database: " + s)))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static Set<Long> teamIds(ResultSet rs) throws SQLException {
        Long[] ids = (Long[]) rs.getArray("team_ids").getArray();
        return Set.copyOf(List.of(ids));
    }

    private List<ApiTokenSummary> named(List<Row> rows) {
        Set<Long> clusterIds = rows.stream().map(Row::clusterId).filter(Objects::nonNull).collect(Collectors.toSet());
        Map<Long, String> names = clusterIds.isEmpty() ? Map.of() : clusters.clusterNames(clusterIds);
        return rows.stream().map(row -> row.summary(names)).toList();
    }

    private static Row row(ResultSet rs, int row) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("name"), rs.getString("display_prefix"),
                rs.getString("owner"), rs.getString("team"), rs.getObject("cluster_id", Long.class),
                UserAccounts.strings(rs.getArray("scopes")),
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("last_used_at", OffsetDateTime.class),
                rs.getObject("revoked_at", OffsetDateTime.class), rs.getString("status"));
    }
}
