package io.keelwatch.access;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * The browser sessions of an account (Spring Session, in the database, shared by all replicas). A
 * session keeps the role its sign-in granted, so changing an account's role or disabling it ends
 * them: the person signs in again, or cannot.
 */
@Component
class UserSessions {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    UserSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    int endAllOf(String username) {
        var found = sessions.findByPrincipalName(username).keySet();
        found.forEach(sessions::deleteById);
        return found.size();
    }
}
