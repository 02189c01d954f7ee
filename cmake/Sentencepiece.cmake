# sentencepiece as a static library with its built-in protobuf-lite.
# Debian's shared libsentencepiece exports protobuf-lite 3.14 symbols that clash with the protobuf
# LibTorch loads (a crash before main()); the static build, linked with --exclude-libs,ALL, keeps
# every one of its symbols private to our binaries.
if(NOT EXISTS "${MUSE_SPM_SOURCE_DIR}/CMakeLists.txt")
  message(FATAL_ERROR "sentencepiece source not found in ${MUSE_SPM_SOURCE_DIR}.\n"
                      "Run scripts/setup-deps.sh (it fetches Debian's source package), or pass -DMUSE_SPM_SOURCE_DIR=<dir>.")
endif()
set(SPM_ENABLE_SHARED OFF CACHE BOOL "" FORCE)
set(SPM_ENABLE_TCMALLOC OFF CACHE BOOL "" FORCE)
set(SPM_USE_BUILTIN_PROTOBUF ON CACHE BOOL "" FORCE)
set(SPM_BUILD_TEST OFF CACHE BOOL "" FORCE)
set(_muse_saved_pic ${CMAKE_POSITION_INDEPENDENT_CODE})
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_POLICY_VERSION_MINIMUM 3.5)
add_subdirectory(${MUSE_SPM_SOURCE_DIR} ${CMAKE_BINARY_DIR}/sentencepiece EXCLUDE_FROM_ALL SYSTEM)
set(CMAKE_POSITION_INDEPENDENT_CODE ${_muse_saved_pic})
target_compile_options(sentencepiece-static PRIVATE -w)
target_compile_options(sentencepiece_train-static PRIVATE -w)

add_library(muse_sentencepiece INTERFACE)
target_include_directories(muse_sentencepiece SYSTEM INTERFACE ${MUSE_SPM_SOURCE_DIR}/src)
target_link_libraries(muse_sentencepiece INTERFACE sentencepiece_train-static sentencepiece-static)
