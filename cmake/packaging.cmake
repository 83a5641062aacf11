# The Debian package (issue #10). `.ci/package` builds the mxconform target and runs cpack in
# the build tree, which makes mxconform_<version>_amd64.deb: the binary in /usr/bin and the data
# it reads by default (suites/, specs/, fixtures/) in /usr/share/mxconform, which is where
# app/data_dir.cpp looks first (<exe dir>/../share/mxconform). `cmake --install` gives the same
# layout under any prefix.
install(TARGETS mxconform RUNTIME DESTINATION bin)
# C++ cases (suites/*/cases/) are compiled into the binary; the loader reads only the YAML.
install(DIRECTORY suites specs fixtures DESTINATION share/mxconform
        FILES_MATCHING PATTERN "*.yaml" PATTERN "*.md" PATTERN "cases" EXCLUDE)

# cpack builds the `preinstall` target first, which would otherwise be `all`: every test and
# benchmark. The package needs the mxconform target only, which .ci/package builds.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(MXC_MAINTAINER "mxconform maintainers <maintainers@users.noreply.r-seed-aea74303.example>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mxconform)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${MXC_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "conformance harness for the Matrix send-to-device module")
# The extended description under the summary line; CPackDeb indents it.
set(CPACK_PACKAGE_DESCRIPTION
    "mxconform checks a homeserver's send-to-device module: PUT /sendToDevice, the
to_device section of /sync, acknowledgement by next_batch, and the federation EDU
m.direct_to_device in both directions. It gives one verdict per requirement with
the HTTP transcript behind it, as console, JUnit, JSON, HTML and Markdown reports.
It embeds a reference homeserver, so `mxconform run` works without a server. Its
suites, Swagger definitions and target fixtures are in /usr/share/mxconform.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # mxconform_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Depends: from the shared libraries the binary links against (dpkg-shlibdeps maps each to its
# Debian package with the minimum version); header-only libraries add nothing.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/package)
include(CPack)
