package io.stkpush.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void aScriptTagBecomesText() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", Html.text("<script>alert('x')</script>"));
    }

    @Test
    void aValueCannotLeaveItsAttribute() {
        String escaped = Html.text("\" onmouseover=\"alert(1)\" x='");

        assertEquals("&quot; onmouseover=&quot;alert(1)&quot; x=&#39;", escaped);
        assertFalse(escaped.contains("\""));
        assertFalse(escaped.contains("'"));
    }

    @Test
    void anEntityIsShownAsWrittenNotDecoded() {
        assertEquals("&amp;lt;b&amp;gt; &amp;amp;", Html.text("&lt;b&gt; &amp;"));
    }

    @Test
    void theConsolesTextVariablesCannotBeTriggered() {
        // the console replaces ${name} in a plugin's HTML and drops the backslash of \$
        assertEquals("&#36;{head.title} &#92;&#36;{x} &#92;n", Html.text("${head.title} \\${x} \\n"));
    }

    @Test
    void controlCharactersAreReplacedAndOtherTextKept() {
        assertEquals("a\uFFFDb\tc\nd — Nairobi ✓", Html.text("a\u0000b\tc\nd — Nairobi ✓"));
    }

    @Test
    void nothingIsEmptyAndOtherObjectsAreTheirText() {
        assertEquals("", Html.text(null));
        assertEquals("42", Html.text(42));
        assertEquals("a&lt;b", Html.text(new StringBuilder("a<b")));
    }
}
