/* Test support: cmocka assertion that two doubles agree within an absolute tolerance. */
#ifndef IPCBENCH_ASSERT_CLOSE_H
#define IPCBENCH_ASSERT_CLOSE_H
#include <math.h>

#define assert_close(a, b, tol)                                                          \
	do {                                                                             \
		double a_ = (a), b_ = (b);                                               \
		if (!(fabs(a_ - b_) <= (tol)))                                           \
			fail_msg("%s = %.17g, expected %.17g (tol %g)", #a, a_, b_,      \
				 (double)(tol));                                         \
	} while (0)

#endif
