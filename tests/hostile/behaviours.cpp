#include "hostile/behaviours.hpp"

#include <fmt/format.h>

namespace mxc::hostile {

namespace {

using namespace std::chrono_literals;
using k = act::kind;

constexpr std::size_t mib = 1024 * 1024;
constexpr std::size_t chunk = 64 * 1024;
// 100 MiB in chunks: more than any body limit of the harness (64 MiB) or a server (16 MiB).
constexpr std::size_t huge_chunks = 100 * mib / chunk;

std::string head(const char* status, const char* type, std::size_t length) {
    return fmt::format(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: keep-alive\r\n\r\n",
        status, type, length);
}

std::string framed(const char* status, const char* type, const std::string& body) {
    return head(status, type, body.size()) + body;
}

act write(std::string bytes) {
    return {k::write, std::move(bytes)};
}

// A well-framed 200 with this JSON body: the hostility is the body alone.
behaviour content(std::string name, std::string how, std::string body) {
    behaviour b{std::move(name), std::move(how), {}, std::move(body)};
    b.acts = {write(framed("200 OK", "application/json", b.body))};
    return b;
}

// The fields a reader of any Matrix answer looks at (register, login, sync, keys, send), each
// given the row's hostile value.
std::string fields_as(const std::string& v) {
    return fmt::format(
        R"({{"user_id":{0},"access_token":{0},"device_id":{0},"next_batch":{0},"to_device":{0},)"
        R"("server_name":{0},"verify_keys":{0},"valid_until_ts":{0},"pdus":{0}}})",
        v);
}

std::vector<behaviour> make_responses() {
    std::vector<behaviour> rows{
        content("invalid_json", "200 with a JSON body cut off after a member name",
                R"({"next_batch": "s1", "user_id": )"),
        content("wrong_types", "200 with an array where an object is due, holding wrong types",
                "[" + fields_as("[1]") + ",false,7]"),
        {"html_200",
         "200 with an nginx welcome page as text/html",
         {write(framed("200 OK", "text/html",
                       "<html><head><title>Welcome to nginx!</title></head><body>It works"
                       "</body></html>"))}},
        {"truncated",
         "Content-Length 1000, 18 bytes sent, then the connection closed",
         {write(head("200 OK", "application/json", 1000) + R"({"next_batch":"s1")")}},
        {"huge_declared",
         "Content-Length of 100 MiB, and 100 MiB sent",
         {write(head("200 OK", "application/json", huge_chunks * chunk)),
          {k::repeat, std::string(chunk, 'x'), huge_chunks}}},
        {"huge_chunked",
         "100 MiB in 64 KiB chunks, no length announced",
         {write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                "chunked\r\n\r\n"),
          {k::repeat, fmt::format("{:x}\r\n{}\r\n", chunk, std::string(chunk, ' ')), huge_chunks}}},
        content("dense_json",
                "200 with a body of 999999 empty objects: as many values as the JSON limits "
                "allow, at the most memory per byte",
                dense_json(999'999)),
        {"dribble",
         "the answer's body sent one byte a second",
         {write(head("200 OK", "application/json", 40)),
          {k::dribble, R"({"next_batch":"s1","to_device":{}     })", 1, 1'000ms}}},
        {"reset_mid_response",
         "half the announced body, then a TCP reset",
         {write(head("200 OK", "application/json", 100) + R"({"next_batch":"s1",)"), {k::reset}}},
        {"never_answers", "the request is read and never answered", {{k::hold}}},
        {"broken_chunked",
         "chunked encoding with a chunk size that is not hex",
         {write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                "chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")}},
        content("invalid_utf8", "200 with strings holding bytes that are not UTF-8",
                fields_as("\"s\xff\xfe\xc3\x28\xed\xa0\x80\"")),
        content("duplicate_keys", "200 with every member twice, with different values",
                R"({"user_id":"@a:fake.test","user_id":"@b:fake.test","access_token":"t",)"
                R"("access_token":"u","device_id":"A","device_id":"B","next_batch":"s1",)"
                R"("next_batch":"s2","to_device":{"events":[]},"to_device":{"events":[]}})"),
        content("deep_nesting", "200 with arrays nested 100000 deep", nested_json(100'000)),
        content("huge_numbers", "200 with 1e400 and 2^70 where strings are due",
                R"({"user_id":1180591620717411303424,"access_token":1e400,"device_id":-1e400,)"
                R"("next_batch":1180591620717411303424,"valid_until_ts":1e400})"),
        {"redirect",
         "302 to another server",
         {write("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\n"
                "Content-Length: 0\r\n\r\n")}},
        {"redirect_loop",
         "308 to the same URL, every time",
         {write("HTTP/1.1 308 Permanent Redirect\r\nLocation: {target}\r\nContent-Length: "
                "0\r\n\r\n")}},
    };
    return rows;
}

// A request with this body; {target} and {auth} are the player's (a path, an Authorization).
std::string put(const char* type, const std::string& body) {
    return fmt::format(
        "PUT {{target}} HTTP/1.1\r\nHost: server\r\n{{auth}}Content-Type: {}\r\n"
        "Content-Length: {}\r\n\r\n{}",
        type, body.size(), body);
}

behaviour sent(std::string name, std::string how, std::string body) {
    behaviour b{std::move(name), std::move(how), {}, std::move(body)};
    b.acts = {write(put("application/json", b.body))};
    return b;
}

const std::string request_head =
    "PUT {target} HTTP/1.1\r\nHost: server\r\n{auth}Content-Type: application/json\r\n";

std::vector<behaviour> make_requests() {
    return {
        {"malformed_http",
         "a request line that is not HTTP",
         {write("GARBAGE\x01 / HTTP/9.9\r\n\r\n")}},
        sent("invalid_json", "a body cut off after a member name", R"({"messages": )"),
        sent("wrong_types", "an array where an object is due, holding wrong types",
             R"([{"messages":7,"edus":"none","pdus":{}}])"),
        {"html_body",
         "an HTML page as the body",
         {write(put("text/html", "<html><body>hi</body></html>"))}},
        {"truncated",
         "Content-Length 1000, 13 bytes sent, then the sending side closed",
         {write(request_head + "Content-Length: 1000\r\n\r\n{\"messages\":{"), {k::finish}}},
        {"huge_declared",
         "Content-Length of 100 MiB, and 100 MiB sent",
         {write(request_head + fmt::format("Content-Length: {}\r\n\r\n", huge_chunks * chunk)),
          {k::repeat, std::string(chunk, ' '), huge_chunks}}},
        {"huge_chunked",
         "100 MiB in 64 KiB chunks, no length announced",
         {write(request_head + "Transfer-Encoding: chunked\r\n\r\n"),
          {k::repeat, fmt::format("{:x}\r\n{}\r\n", chunk, std::string(chunk, ' ')), huge_chunks}}},
        sent("dense_json", "a body of 999999 empty objects, as many values as the limits allow",
             dense_json(999'999)),
        {"dribble",
         "the request line sent a byte every 100 ms, then nothing",
         {{k::dribble, "PUT {target} HTTP/1.1\r\n", 1, 100ms}, {k::hold}}},
        {"reset_mid_request",
         "half the announced body, then a TCP reset",
         {write(request_head + "Content-Length: 100\r\n\r\n{\"messages\":{"), {k::reset}}},
        {"never_sends", "the connection opened, and not a byte sent", {{k::hold}}},
        {"broken_chunked",
         "chunked encoding with a chunk size that is not hex",
         {write(request_head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")}},
        sent("invalid_utf8", "strings holding bytes that are not UTF-8",
             "{\"messages\":{\"@\xff\xfe:x\":{\"D\xc3\x28\":{\"k\":\"\xed\xa0\x80\"}}}}"),
        sent("duplicate_keys", "every member twice, with different values",
             R"({"messages":{},"messages":{"@a:x":{"D":{}}},"origin":"a","origin":"b"})"),
        sent("deep_nesting", "arrays nested 100000 deep", nested_json(100'000)),
        sent("huge_numbers", "1e400 and 2^70 where objects are due",
             R"({"messages":1e400,"pdus":1180591620717411303424,"edus":-1e400})"),
    };
}

}  // namespace

const std::vector<behaviour>& requests() {
    static const auto rows = make_requests();
    return rows;
}

std::string fill(std::string bytes, std::string_view target, std::string_view auth) {
    for (const auto& [mark, value] :
         {std::pair<std::string_view, std::string_view>{"{target}", target}, {"{auth}", auth}})
        for (auto at = bytes.find(mark); at != std::string::npos;
             at = bytes.find(mark, at + value.size()))
            bytes.replace(at, mark.size(), value);
    return bytes;
}

std::string nested_json(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

std::string dense_json(std::size_t values) {
    std::string s = "[{}";
    s.reserve(3 * values);
    for (std::size_t i = 2; i < values; ++i) s += ",{}";
    return s + "]";
}

const std::vector<behaviour>& responses() {
    static const auto rows = make_responses();
    return rows;
}

}  // namespace mxc::hostile
