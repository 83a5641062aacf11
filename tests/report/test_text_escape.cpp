#include <gtest/gtest.h>

#include "report/report_paths.hpp"
#include "report/text_escape.hpp"

namespace mxc::report {
namespace {

const std::string fffd = "\xEF\xBF\xBD";

TEST(valid_utf8, keeps_well_formed_text) {
    std::string s = "ascii h\u00e9llo \u2713 \U0001F389";
    EXPECT_EQ(valid_utf8(s), s);
}

TEST(valid_utf8, replaces_each_bad_byte) {
    EXPECT_EQ(valid_utf8("a\xff"
                         "b"),
              "a" + fffd + "b");
    EXPECT_EQ(valid_utf8("\xC0\x80"), fffd + fffd);                        // overlong NUL
    EXPECT_EQ(valid_utf8("\xED\xA0\x80"), fffd + fffd + fffd);             // a surrogate
    EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // above U+10FFFF
    EXPECT_EQ(valid_utf8("x\xE2\x9C"), "x" + fffd + fffd);                 // cut short
}

TEST(escape_markup, markup_characters) {
    EXPECT_EQ(escape_markup(R"(<a href="x">'&'</a>)"),
              "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(escape_markup, control_characters_become_visible) {
    EXPECT_EQ(escape_markup(std::string("a\x1b[0m\x01\x7f", 7)), "a\\u001b[0m\\u0001\\u007f");
    EXPECT_EQ(escape_markup(std::string("nul\0", 4)), "nul\\u0000");
    EXPECT_EQ(escape_markup("\xEF\xBF\xBF"), fffd);  // U+FFFF is not an XML character
}

TEST(escape_markup, whitespace_in_text_and_attributes) {
    EXPECT_EQ(escape_markup("a\tb\nc\r"), "a\tb\nc\r");
    EXPECT_EQ(escape_attr("a\tb\nc\r"), "a&#9;b&#10;c&#13;");
}

TEST(markdown_text, stays_in_its_cell_and_shows_as_written) {
    EXPECT_EQ(markdown_text("a|b\nc\r\nd"), "a\\|b<br>c<br>d");
    EXPECT_EQ(markdown_text("*x* _y_ `z` [l](u) <b> & \\"),
              "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) &lt;b&gt; &amp; \\\\");
    EXPECT_EQ(markdown_code("to_device.x"), "`to_device.x`");
    EXPECT_EQ(markdown_code("a`b"), "a\\`b");
}

TEST(printable, neutralises_terminal_escapes) {
    EXPECT_EQ(printable("ok\n\tx\x1b[2J\r"), "ok\n\tx\\u001b[2J\\u000d");
}

TEST(cut, on_a_character_boundary) {
    EXPECT_EQ(cut("abcdef", 10), "abcdef");
    EXPECT_EQ(cut("abcdef", 3), "abc…");
    EXPECT_EQ(cut("\u00e9\u00e9", 3), "\u00e9…");  // never half a character
}

TEST(transcript_path, stays_inside_the_transcripts_folder) {
    EXPECT_EQ(transcript_path("to_device.ack.x"), "transcripts/to_device.ack.x.json");
    EXPECT_EQ(transcript_path("../etc/passwd"), "transcripts/_.._etc_passwd.json");
    EXPECT_EQ(transcript_path(""), "transcripts/_.json");
    EXPECT_EQ(transcript_path("a b/c\\d"), "transcripts/a_b_c_d.json");
}

}  // namespace
}  // namespace mxc::report
