// `mxconform compare A/index.json B/index.json ... [--out DIR] [--gaps]`: several runs side by
// side (issue 11), for a spec author or a homeserver team asking where servers differ.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mxc::app {

struct compare_options {
    std::vector<std::string> indexes;  // index.json files, one column each, in this order
    std::string out = ".";             // where compare.html, compare.md (and gaps.md) go
    bool gaps = false;                 // also gaps.md: every probe with a curl reproduction
};

// Prints the path of each file written, one a line. Returns 0, or 2 with one line on err naming
// the file and member at fault (fewer than two runs, a file that is not an index.json).
int compare_command(const compare_options& opt, std::ostream& out, std::ostream& err);

}  // namespace mxc::app
