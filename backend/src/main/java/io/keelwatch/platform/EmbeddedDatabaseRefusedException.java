package io.keelwatch.platform;

class EmbeddedDatabaseRefusedException extends IllegalStateException {

    EmbeddedDatabaseRefusedException() {
        super("Embedded PostgreSQL refuses to run as root: set SPRING_DATASOURCE_URL "
                + "(e.g. jdbc:postgresql://127.0.0.1:5432/keelwatch, with SPRING_DATASOURCE_USERNAME/PASSWORD) "
                + "to use a PostgreSQL server instead, or run Keelwatch as a normal user.");
    }
}
