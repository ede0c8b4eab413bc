"""One module per backend; only ``graph.store.open_store`` chooses between them."""
