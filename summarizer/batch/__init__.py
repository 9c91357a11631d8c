"""Running many independent pieces of work: in this process, in a local process pool, or on a Dask cluster.

``executor`` owns the three executors and the ordered, bounded stream of results the pipeline consumes
(:func:`~summarizer.batch.executor.ordered`); ``progress`` the progress bar on standard error. Nothing here knows
what the work is: the pipeline hands over module-level functions and the bytes they read and return.
"""
