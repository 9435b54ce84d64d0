/* replay.c: runs a fuzz target over every file in the folders given, the
 * way the normal test run replays the corpus and every crash ever found
 * (SQLite's fuzzcheck).  Prints `N passed, N failed` (a crash stops it). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_dir(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		static uint8_t data[1 << 20];
		size_t n = fread(data, 1, sizeof data, f);
		fclose(f);
		uint8_t *copy = malloc(n ? n : 1);
		memcpy(copy, data, n);
		LLVMFuzzerTestOneInput(copy, n); /* exact size, so ASan sees overreads */
		free(copy);
		(*count)++;
	}
	closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	int count = 0, missing = 0;
	/* With no folder given, the target's own corpus (run from the root). */
	char *fallback[] = {argv[0], (char *)CORPUS};
	if (argc < 2) {
		argc = 2;
		argv = fallback;
	}
	for (int i = 1; i < argc; i++)
		if (replay_dir(argv[i], &count) < 0) {
			fprintf(stderr, "replay: cannot open %s\n", argv[i]);
			missing++;
		}
	printf("%d passed, %d failed\n", count, missing);
	return missing ? 1 : 0;
}
