// Kept so that config_test.cpp and suite_loader_test.cpp (edited on other branches of issue 8)
// build unchanged; new code includes support/temp_dir.hpp. Delete once they include that.
#pragma once

#include "support/temp_dir.hpp"
