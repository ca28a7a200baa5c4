// Site builder.
