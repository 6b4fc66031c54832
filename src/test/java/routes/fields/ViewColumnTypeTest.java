package routes.fields;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.contract.FieldType;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ViewColumnTypeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "integer, BIGINT",
            "integer null, BIGINT",
            "decimal, NUMBER",
            "integer decimal, NUMBER",
            "integer decimal null, NUMBER",
            "boolean, BOOLEAN",
            "timestamp, TIMESTAMP",
            "string, STRING",
            "object, JSON",
            "array, JSON",
            "timestamp string, TEXT",
            "integer string, TEXT",
            "object array, TEXT",
            "integer boolean, TEXT",
            "null, TEXT",
    })
    void aPathSeenWithOneTypeIsTypedIntegerAndDecimalWidenAnyOtherMixIsText(String seen, ViewColumnType expected) {
        Set<FieldType> types = Arrays.stream(seen.split(" ")).map(FieldType::ofWireName)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(FieldType.class)));
        assertThat(ViewColumnType.resolve(types)).isEqualTo(expected);
    }
}
