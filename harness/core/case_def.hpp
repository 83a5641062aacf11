// A case: what it checks (id, level, spec section, requirement in our words, the peer tests it
// ports) and how it runs (a body: YAML steps or C++). Cases are data; the body is code.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/verdict.hpp"

namespace mxc::core {

class case_run;

struct port_ref {
    std::string suite;  // "sytest", "complement", "synapse"
    std::string name;   // the peer test's exact name
};

struct spec_ref {
    std::string doc;      // "client-server", "server-server"
    std::string section;  // "Send-to-Device messaging / Server behaviour"
    std::string anchor;   // optional URL fragment
    // Where the section is published: the doc's base URL (suites/spec_docs.yaml) and the
    // anchor, set by the loader; empty without an anchor or for a doc the file does not list.
    std::string url;
};

struct source_mark {
    std::string file;
    int line = 0;
    int column = 0;
    std::string str() const;  // "file:line:column"
};

class case_body {
  public:
    virtual ~case_body() = default;
    // Runs the case, recording checks and exchanges on `run`. Throwing ends the case as an error.
    virtual void run(case_run& run) const = 0;
};

struct case_def {
    std::string id;  // stable, dotted: to_device.ack.redelivered_until_acked
    std::string title;
    std::string suite;  // the file (or C++ group) it comes from: to_device.ack
    level lvl = level::must;
    spec_ref spec;
    std::string requirement;
    // The open question of the spec an observed case probes, one line (issue 11); empty for a
    // judged case.
    std::string question;
    std::vector<port_ref> ports;
    std::vector<std::string> needs;  // capabilities: "federation"
    // The teeth: reference-server faults (`--ref-fault` names) each of which must make this
    // case fail; the self-test proves it. Judged cases name at least one, observed cases none.
    std::vector<std::string> caught_by;
    // Whether a pass needs a message to have been delivered (set by the YAML loader from the
    // steps; a C++ case says so itself). The self-test fails if a server that delivers nothing
    // passes such a case (issue 9, "evidence before a pass").
    bool judges_delivery = false;
    // How many accounts (users) the case makes. Accounts from a tokens file are handed out
    // once each, so a file must hold the sum over the selected cases (issue #9 part 6).
    int accounts = 0;
    source_mark where;
    std::shared_ptr<const case_body> body;
};

}  // namespace mxc::core
