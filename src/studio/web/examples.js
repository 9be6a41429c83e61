// The programs of examples/ (copied beside the page by the build), in the order a course meets them.
// StudioFilesTest checks that this list names every example and nothing else.
var FAULTLINE_EXAMPLES = [
  "hello", "demand_paging", "minor_major", "swapping", "cow", "segfaults", "sigsegv_handler",
  "file_mapping", "syscalls", "hot_cold", "belady", "dormant",
  "bare/hello", "bare/console", "bare/illegal", "bare/timer", "bare/pager"
];
