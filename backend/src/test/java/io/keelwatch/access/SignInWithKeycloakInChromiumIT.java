package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.KeycloakIntegrationTest;
import io.keelwatch.testsupport.KeycloakTestServer;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A person in real headless Chromium clicks "Sign in with Keycloak", signs in on Keycloak's own
 * page and lands on the Keelwatch dashboard as themselves, with the role and team the realm gives
 * them; the sign-in is audited like a password sign-in.
 */
@KeycloakIntegrationTest
class SignInWithKeycloakInChromiumIT extends BrowserTest {

    @Autowired
    AccessService access;
    @Autowired
    JdbcClient jdbc;

    @Test
    void developerSignsInOnKeycloaksPageAndLandsOnTheDashboard() throws Exception {
        access.team("payments").orElseGet(() -> access.createTeam("payments", "Payments"));
        // Keycloak matches redirect URIs exactly; this application listens on a random port.
        KeycloakTestServer.get().allowRedirectUri("keelwatch-web", url("/login/oauth2/code/" + OidcSettings.REGISTRATION_ID));
        KeycloakTestServer.get().allowRedirectUri("keelwatch-web", url("/login?logout"));

        browser.get(url("/"));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.cssSelector("[data-testid=oidc-sign-in]")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-login")));
        assertThat(browser.getCurrentUrl()).startsWith(KeycloakTestServer.get().issuer());
        browser.findElement(By.id("username")).sendKeys("dev");
        browser.findElement(By.id("password")).sendKeys("dev");
        chromium.screenshot("keycloak-login.png");
        browser.findElement(By.id("kc-login")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=current-user]")));
        chromium.screenshot("dashboard-after-keycloak.png");
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).as("the dashboard").isEqualTo("/");
        assertThat(browser.findElement(By.cssSelector("[data-testid=current-user]")).getText()).isEqualTo("dev DEVELOPER");

        assertThat(jdbc.sql("""
                select count(*) from app_user u join team_membership m on m.user_id = u.id join team t on t.id = m.team_id
                where u.username = 'dev' and u.password_hash is null and u.external_subject is not null and t.slug = 'payments'
                """).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'sign-in' and actor = 'dev' and outcome = 'success'
                and details->>'method' = 'OAuth2LoginAuthenticationToken'
                """).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from spring_session_attributes where attribute_name like '%AuthorizedClient%'")
                .query(Long.class).single()).as("Keycloak's access and refresh tokens are not kept").isZero();

        // Signing out ends the Keycloak session too: the next person at this browser must sign in again.
        browser.findElement(By.cssSelector("[data-testid=sign-out]")).click();
        wait.until(ExpectedConditions.urlContains("/login?logout"));
        assertThat(browser.getCurrentUrl()).startsWith(url("/login"));
        browser.findElement(By.cssSelector("[data-testid=oidc-sign-in]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-login")));
        assertThat(browser.getCurrentUrl()).as("Keycloak asks for the password again").startsWith(KeycloakTestServer.get().issuer());
    }

}
