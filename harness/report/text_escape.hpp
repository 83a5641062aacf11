// Turning arbitrary bytes (a target may answer garbage) into text each report format accepts:
// valid UTF-8 first, then the format's own escaping. Pure functions, golden-tested.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mxc::report {

// Replaces every byte that does not start a well-formed UTF-8 sequence (RFC 3629: no overlongs,
// surrogates or code points above U+10FFFF) with U+FFFD.
std::string valid_utf8(std::string_view s);

// XML 1.0 / HTML text. Escapes & < > " ' and, because XML 1.0 cannot carry C0 control
// characters at all (not even as &#x1b;), writes them as a visible "\u001b". In an attribute,
// tab, newline and CR become character references so that attribute normalisation keeps them.
std::string escape_markup(std::string_view s, bool attribute = false);
inline std::string escape_attr(std::string_view s) {
    return escape_markup(s, true);
}

// GitHub-flavoured Markdown table cell: no line breaks (they become <br>), pipes escaped, and
// emphasis/link/HTML characters escaped so that the cell shows the text as it is.
std::string markdown_text(std::string_view s);
// An inline code span when the text allows one (no backtick, pipe or newline), else markdown_text.
std::string markdown_code(std::string_view s);

// For a terminal: valid UTF-8, and C0 control characters other than newline and tab (an escape
// sequence in a server's response could recolour or rewrite the screen) as a visible "\u001b".
std::string printable(std::string_view s);

// At most max_bytes of s, cut on a character boundary, with "…" appended when something was cut.
std::string cut(std::string_view s, std::size_t max_bytes);

}  // namespace mxc::report
