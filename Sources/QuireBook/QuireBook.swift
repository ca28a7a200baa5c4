// Book model.
