package routes.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarehouseTest {

    /** A dialect name written as a literal, to be compared with the setting: what {@link Warehouse#of} replaces. */
    private static final Pattern NAME_LITERAL = Pattern.compile("[\"'](redshift|postgresql)[\"']");

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {"redshift|REDSHIFT", "Redshift|REDSHIFT", "' REDSHIFT '|REDSHIFT",
            "postgresql|POSTGRESQL", "PostgreSQL|POSTGRESQL"})
    void theSettingNamesOneWarehouseWhateverItsCaseAndSpaces(String setting, Warehouse expected) {
        assertThat(Warehouse.of(setting)).isEqualTo(expected);
    }

    @Test
    void anyOtherNameIsRefusedNamingTheSettingAndTheValues() {
        assertThatThrownBy(() -> Warehouse.of("mysql"))
                .hasMessage("pipeline.warehouse.dialect must be one of redshift, postgresql, was mysql");
        assertThatThrownBy(() -> Warehouse.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachConcernGetsTheChosenWarehousesImplementationAndBuildsOnlyThatOne() {
        assertThat(Warehouse.REDSHIFT.<String>pick(() -> { throw new AssertionError("built"); }, () -> "rs")).isEqualTo("rs");
        assertThat(Warehouse.POSTGRESQL.<String>pick(() -> "pg", () -> { throw new AssertionError("built"); })).isEqualTo("pg");
    }

    @Test
    void theServersVersionSaysWhichWarehouseItIs() {
        assertThat(Warehouse.ofServerVersion("PostgreSQL 8.0.2 on i686-pc-linux-gnu, Redshift 1.0.12103")).isEqualTo(Warehouse.REDSHIFT);
        assertThat(Warehouse.ofServerVersion("PostgreSQL 14.10 on x86_64-pc-linux-gnu")).isEqualTo(Warehouse.POSTGRESQL);
    }

    @Test
    void noCodeNorRouteComparesDialectNamesOutsideTheWarehouseItself() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/java")), Stream.of(Path.of("src/main/resources/routes.yaml")))) {
            offenders = files.filter(Files::isRegularFile)
                    .filter(p -> !p.endsWith(Path.of("routes/contract/Warehouse.java")))
                    .flatMap(WarehouseTest::lines)
                    .filter(line -> NAME_LITERAL.matcher(line).find())
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static Stream<String> lines(Path p) {
        try {
            return Files.readAllLines(p).stream().map(line -> p.getFileName() + ": " + line.strip());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
