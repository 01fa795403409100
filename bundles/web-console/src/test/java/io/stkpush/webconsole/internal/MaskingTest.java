package io.stkpush.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MaskingTest {

    @ParameterizedTest
    @ValueSource(strings = {"consumerSecret", "consumerKey", "passkey", "password", "hikari.password",
        "dataSource.password", "hmacKey", "HMAC_KEY", "apiToken", "accessToken", "credentials", "userCredential",
        "sslpassword", "Passwd", "db.pwd", "keystore", "secretKeyRef"})
    void aKeyNamingASecretIsMasked(String key) {
        assertTrue(Masking.isSecretKey(key), key);
        assertEquals(Masking.SET, Masking.configValue(key, "itest-secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"environment", "baseUrl", "shortCode", "mode", "url", "user", "allowList",
        "intervalSeconds", "hikari.maximumPoolSize", "dataSourceName", "realm", "operatorRole"})
    void anOrdinaryKeyShowsItsValue(String key) {
        assertFalse(Masking.isSecretKey(key), key);
        assertEquals("plain value", Masking.configValue(key, "plain value"));
    }

    @Test
    void aSecretWithoutValueSaysNotSet() {
        assertEquals(Masking.NOT_SET, Masking.configValue("consumerSecret", ""));
        assertEquals(Masking.NOT_SET, Masking.configValue("consumerSecret", "   "));
        assertEquals(Masking.NOT_SET, Masking.configValue("password", null));
        assertEquals(Masking.NOT_SET, Masking.configValue("hmacKey", new String[0]));
        assertEquals(Masking.NOT_SET, Masking.configValue("hmacKey", List.of()));
    }

    @Test
    void aSecretHeldAsAnArrayOrNumberIsStillMasked() {
        assertEquals(Masking.SET, Masking.configValue("passkey", new String[] {"a", "b"}));
        assertEquals(Masking.SET, Masking.configValue("password", new char[] {'s', '3'}));
        assertEquals(Masking.SET, Masking.configValue("pin.password", 1234));
        assertEquals(Masking.SET, Masking.configValue("tokens", List.of("t1")));
    }

    @Test
    void arraysAndListsAreJoined() {
        assertEquals("60, 300, 1800", Masking.configValue("reconciliationBackoff", new long[] {60, 300, 1800}));
        assertEquals("196.201.214.200, 196.201.214.206",
                Masking.configValue("allowList", List.of("196.201.214.200", "196.201.214.206")));
        assertEquals("true", Masking.configValue("enabled", Boolean.TRUE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://stkpush:s3cret@db.example.net:5432/stkpush | jdbc:postgresql://stkpush:****@db.example.net:5432/stkpush",
        "jdbc:postgresql://db:5432/stkpush?user=stkpush&password=s3cret&ssl=true | jdbc:postgresql://db:5432/stkpush?user=stkpush&password=****&ssl=true",
        "jdbc:postgresql://db/stkpush?sslpassword=k3y&sslmode=verify-full | jdbc:postgresql://db/stkpush?sslpassword=****&sslmode=verify-full",
        "jdbc:h2:file:/opt/karaf/data/stkpush/ledger;PASSWORD=s3cret;CIPHER=AES | jdbc:h2:file:/opt/karaf/data/stkpush/ledger;PASSWORD=****;CIPHER=AES",
        "jdbc:sqlserver://db:1433;user=sa;password=s3cret;encrypt=true | jdbc:sqlserver://db:1433;user=sa;password=****;encrypt=true",
        "jdbc:mysql://db/stkpush?user=u&pwd=s3cret | jdbc:mysql://db/stkpush?user=u&pwd=****",
        "jdbc:oracle:thin:stkpush/s3cret@db.example.net:1521:orcl | jdbc:oracle:thin:stkpush/****@db.example.net:1521:orcl",
        "https://admin:s3cret@proxy.example.net/daraja | https://admin:****@proxy.example.net/daraja",
        "https://hooks.example.net/cb?token=abc123 | https://hooks.example.net/cb?token=****",
    })
    void credentialsInUrlsAreMasked(String url, String shown) {
        assertEquals(shown, Masking.configValue("url", url));
        assertFalse(Masking.configValue("url", url).contains("s3cret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:file:/opt/karaf/data/stkpush/ledger",
        "jdbc:postgresql://db.example.net:5432/stkpush",
        "jdbc:postgresql://stkpush@db.example.net/stkpush", "http://localhost:8181/daraja-sim",
        "jdbc:postgresql://db/stkpush?user=stkpush&password=", "https://sandbox.safaricom.co.ke:443/oauth"})
    void urlsWithoutCredentialsAreShownAsTheyAre(String url) {
        assertEquals(url, Masking.configValue("url", url));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "paid by 254712345678 | paid by 2547****5678",
        "from 0712345678. | from ******5678.",
        "phone 712345678 | phone *****5678",
        "254712345678,254722415717 | 2547****5678,2547****5717",
        "PhoneNumber\":254722415717} | PhoneNumber\":2547****5717}",
    })
    void phoneNumbersInTextAreMasked(String text, String shown) {
        assertEquals(shown, Masking.phoneNumbers(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"receipt VM73KNJ2ZD for KES 1500", "short code 174379", "ws_CO_191220191020363925",
        "TransactionDate 20261128101500", "push 3f8a2c1e-77b4-4d4e-9a0b-5d6e7f8091a2", "ResultCode 1032",
        "12345678"})
    void otherNumbersAreLeftAlone(String text) {
        assertEquals(text, Masking.phoneNumbers(text));
    }

    @Test
    void anExceptionIsLoggedWithoutTheCredentialsItQuotes() {
        assertEquals("java.lang.IllegalStateException: cannot reach jdbc:postgresql://stkpush:****@db:5432/stkpush",
                Masking.forLog(new IllegalStateException(
                        "cannot reach jdbc:postgresql://stkpush:db-s3cret@db:5432/stkpush")));
    }

    @Test
    void noTextStaysNone() {
        assertNull(Masking.phoneNumbers(null));
    }
}
