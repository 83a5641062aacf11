#include "steps/expect.hpp"

#include <fmt/format.h>

#include "match/matchers.hpp"
#include "steps/load_error.hpp"

namespace mxc::steps {

namespace {

const std::set<std::string> known = {
    "status",          "status_class",      "errcode",          "body",
    "body_has",        "to_device_has",     "to_device_lacks",  "to_device_exactly",
    "to_device_count", "to_device_at_most", "to_device_values", "edus_has",
    "edus_lacks",      "edus_exactly",      "edus_count",       "edus_at_most",
    "edus_values"};

// edus_* matchers work like to_device_* on the EDU contents a mock received (await_edus).
std::string list_name(const std::string& key) {
    return key.starts_with("edus_") ? "to_device_" + key.substr(5) : key;
}

std::string status_class(unsigned status) {
    return fmt::format("{}xx", status / 100);
}

std::optional<match::mismatch> list_matcher(const std::string& key, const json& want,
                                            const json& events);

// The values a to_device_values matcher wants: its `equals`, or its `range` written out.
json wanted_values(const json& want) {
    if (want.contains("equals")) return want["equals"];
    json values = json::array();
    for (auto i = want["range"][0].get<std::int64_t>(); i <= want["range"][1].get<std::int64_t>();
         ++i)
        values.push_back(i);
    return values;
}

// Each matcher: its name and a function giving a mismatch or nothing.
std::optional<match::mismatch> run_matcher(const std::string& key, const json& want,
                                           unsigned status, const json& body) {
    if (key == "status") {
        if (want.is_array()) {
            for (const auto& s : want)
                if (s == status) return std::nullopt;
            return match::mismatch{"status", "HTTP status one of " + match::brief(want),
                                   fmt::format("HTTP {}", status)};
        }
        if (want == status) return std::nullopt;
        return match::mismatch{"status", fmt::format("HTTP {}", want.dump()),
                               fmt::format("HTTP {}", status)};
    }
    if (key == "status_class") {
        if (want == status_class(status)) return std::nullopt;
        return match::mismatch{"status", "HTTP " + want.get<std::string>(),
                               fmt::format("HTTP {}", status)};
    }
    if (key == "errcode") {
        const bool has =
            body.is_object() && body.contains("errcode") && body["errcode"].is_string();
        const std::string got = has ? body["errcode"].get<std::string>() : "";
        if (want == "*" ? has : (has && want == got)) return std::nullopt;
        return match::mismatch{"/errcode",
                               want == "*" ? "a Matrix error body with an errcode"
                                           : "errcode " + want.get<std::string>(),
                               has ? "errcode " + got : "body " + match::brief(body)};
    }
    if (key == "body") return match::exact(want, body);
    if (key == "body_has") return match::subset(want, body);
    if (key.starts_with("edus_")) {
        const json edus = body.is_object() && body.contains("edus") ? body["edus"] : json::array();
        return list_matcher(list_name(key), want, edus);
    }
    return list_matcher(key, want, case_events(body));
}

std::optional<match::mismatch> list_matcher(const std::string& key, const json& want,
                                            const json& events) {
    if (key == "to_device_has") {
        if (want.is_array()) {
            for (const auto& w : want)
                if (auto m = match::any_event(w, events)) return m;
            return std::nullopt;
        }
        return match::any_event(want, events);
    }
    if (key == "to_device_lacks") {
        if (want.is_array()) {
            for (const auto& w : want)
                if (auto m = match::no_event(w, events)) return m;
            return std::nullopt;
        }
        return match::no_event(want, events);
    }
    if (key == "to_device_exactly") return match::events_exactly(want, events);
    if (key == "to_device_count") return match::event_count(want.get<std::size_t>(), events);
    if (key == "to_device_at_most")
        return match::event_count_at_most(want.get<std::size_t>(), events);
    if (key == "to_device_values")
        return match::event_values(want["pointer"].get<std::string>(), wanted_values(want), events);
    return match::mismatch{"", "a known matcher", "unknown matcher " + key};
}

}  // namespace

json default_expect() {
    return json{{"status", 200}};
}

json case_events(const json& sync_response) {
    json out = json::array();
    for (const auto& e : match::to_device_events(sync_response))
        if (!(e.is_object() && e.value("type", "") == sentinel_type)) out.push_back(e);
    return out;
}

bool could_still_hold(const json& expect, const json& events) {
    const json response{{"to_device", {{"events", events}}}};
    for (const auto& [key, want] : expect.items()) {
        if (!run_matcher(key, want, 200, response)) continue;
        if (key == "to_device_has") continue;
        if (key == "to_device_count" || key == "to_device_exactly") {
            const auto n = key == "to_device_count" ? want.get<std::size_t>() : want.size();
            if (events.size() < n) continue;
            return false;
        }
        if (key == "to_device_values") {
            const json wanted = wanted_values(want);
            const json::json_pointer ptr(want["pointer"].get<std::string>());
            std::size_t i = 0;
            bool prefix = true;
            for (const auto& e : events) {
                const json* v = match::value_at(e, ptr);
                if (!v) continue;
                prefix = prefix && i < wanted.size() && *v == wanted[i];
                ++i;
            }
            if (prefix) continue;
            return false;
        }
        return false;
    }
    return true;
}

bool awaits_delivery(const json& expect) {
    if (!expect.is_object()) return false;
    for (const auto& [key, v] : expect.items()) {
        if (key == "to_device_has" || key == "to_device_values") return true;
        if (key == "to_device_exactly" && v.is_array() && !v.empty()) return true;
        if (key == "to_device_count" && v.is_number_integer() && v.get<std::int64_t>() > 0)
            return true;
    }
    return false;
}

void validate_expect(const json& expect, const core::source_mark& where) {
    if (!expect.is_object()) throw load_error(where, "'expect' must be a map of matchers");
    for (const auto& [key, v] : expect.items()) {
        if (!known.count(key)) {
            std::string list;
            for (const auto& n : known) list += (list.empty() ? "" : ", ") + n;
            throw load_error(where,
                             fmt::format("unknown matcher '{}' in expect (known: {})", key, list));
        }
        const std::string k = list_name(key);
        const bool ok =
            k == "status"              ? (v.is_number_integer() || v.is_array())
            : k == "status_class"      ? v.is_string()
            : k == "errcode"           ? v.is_string()
            : k == "to_device_count"   ? (v.is_number_integer() && v.get<std::int64_t>() >= 0)
            : k == "to_device_at_most" ? (v.is_number_integer() && v.get<std::int64_t>() >= 0)
            : k == "to_device_exactly" ? v.is_array()
            : k == "to_device_values"  ? (v.is_object() && v.contains("pointer") &&
                                         (v.contains("equals") || v.contains("range")))
                                       : true;
        if (!ok)
            throw load_error(
                where, fmt::format("matcher '{}' has a value of the wrong shape: {}", k, v.dump()));
        if (k == "to_device_values" && v.contains("range") &&
            !(v["range"].is_array() && v["range"].size() == 2 &&
              v["range"][0].is_number_integer() && v["range"][1].is_number_integer()))
            throw load_error(where, "to_device_values.range must be [first, last] integers");
        // Checked here, or a typo would surface mid-run as harness trouble in every run.
        if (k == "to_device_values" &&
            !(v["pointer"].is_string() && v["pointer"].get<std::string>().starts_with("/")))
            throw load_error(
                where, "to_device_values.pointer must be a JSON pointer such as /content/seq");
        if (k == "to_device_values" && v.contains("equals") && !v["equals"].is_array())
            throw load_error(where, "to_device_values.equals must be a list of values");
    }
}

std::optional<expect_failure> first_failure(const json& expect, unsigned status, const json& body) {
    for (const auto& [k, v] : expect.items())
        if (auto m = run_matcher(k, v, status, body)) return expect_failure{k, *m};
    return std::nullopt;
}

void answer_expected(world& w, const step_call& c, const matrix::reply& r) {
    if (c.args.contains("expect"))
        require_expect(w, c, w.substitute(c.args["expect"]), r);
    else if (!c.args.contains("observe"))
        require_expect(w, c, default_expect(), r);
    if (r.is_json) save_from(w, c, r.body);
}

void require_expect(world& w, const step_call& c, const json& expect, const matrix::reply& r) {
    const json body = r.is_json ? r.body : json();
    for (const auto& [k, v] : expect.items()) {
        auto m = run_matcher(k, v, r.status, body);
        const std::string what = fmt::format("{}: {} {}", describe(c), k, match::brief(v, 120));
        if (m) {
            std::string actual = m->actual;
            if (!r.is_json && k != "status" && k != "status_class")
                actual +=
                    fmt::format(" (HTTP {}, body not JSON: {})", r.status, r.raw.substr(0, 200));
            w.run().require(false, what, m->expected, actual,
                            m->where.empty() ? c.where.str() : m->where);
        }
        w.run().check(true, what, match::brief(v, 200), "as expected", c.where.str());
    }
}

}  // namespace mxc::steps
