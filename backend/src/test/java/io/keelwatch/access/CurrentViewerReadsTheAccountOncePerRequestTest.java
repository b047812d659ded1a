package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Within one request the rules, the controller and the layout all ask {@link CurrentViewer}: the
 * account is read once per request and per authentication, never carried over to another request
 * or another caller.
 */
class CurrentViewerReadsTheAccountOncePerRequestTest {

    private final CountingAccounts accounts = new CountingAccounts();
    private final CurrentViewer currentViewer = new CurrentViewer(accounts);

    @AfterEach
    void forgetRequestAndCaller() {
        RequestContextHolder.resetRequestAttributes();
        SecurityContextHolder.clearContext();
    }

    @Test
    void oneRequestReadsTheAccountOnceHoweverOftenItAsks() {
        inNewRequest();
        signIn("alice");

        Viewer first = currentViewer.get();
        assertThat(currentViewer.find()).contains(first);
        assertThat(currentViewer.get()).isSameAs(first);

        assertThat(accounts.reads).isEqualTo(1);
        assertThat(accounts.membershipReads).isEqualTo(1);
    }

    @Test
    void theNextRequestReadsTheAccountAgain() {
        inNewRequest();
        signIn("alice");
        currentViewer.get();

        inNewRequest();
        currentViewer.get();

        assertThat(accounts.reads).isEqualTo(2);
    }

    @Test
    void aNewAuthenticationWithinTheRequestIsReadAnew() {
        inNewRequest();
        signIn("alice");
        assertThat(currentViewer.get().username()).isEqualTo("alice");

        signIn("bob");

        assertThat(currentViewer.get().username()).isEqualTo("bob");
        assertThat(accounts.reads).isEqualTo(2);
    }

    @Test
    void anUnknownCallerIsRememberedAsUnknownForTheRequest() {
        inNewRequest();
        signIn("nobody");

        assertThat(currentViewer.find()).isEmpty();
        assertThat(currentViewer.find()).isEmpty();

        assertThat(accounts.reads).isEqualTo(1);
    }

    @Test
    void outsideARequestEveryCallReadsTheAccount() {
        signIn("alice");

        currentViewer.get();
        currentViewer.get();

        assertThat(accounts.reads).isEqualTo(2);
    }

    private static void inNewRequest() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
    }

    private static void signIn(String username) {
        Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(username, null,
                AuthorityUtils.createAuthorityList("ROLE_DEVELOPER"));
        SecurityContextHolder.getContext().setAuthentication(authentication);
    }

    /** Alice and Bob exist; counts the reads instead of asking a database. */
    private static final class CountingAccounts extends UserAccounts {

        int reads;
        int membershipReads;

        CountingAccounts() {
            super(null, null);
        }

        @Override
        Optional<Account> findByUsername(String username) {
            reads++;
            return Set.of("alice", "bob").contains(username)
                    ? Optional.of(new Account(username.length(), username, username, null, Role.DEVELOPER, true))
                    : Optional.empty();
        }

        @Override
        Set<Long> teamIdsOf(long userId) {
            membershipReads++;
            return Set.of(1L);
        }
    }
}
