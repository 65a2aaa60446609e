"""The post's classes exactly as it prints them (plus the DataLoader its repository ships).

Tests run each of the post's bugs against this module to prove they fail on it, and
against tinytorch to prove the bug is gone. Do not fix anything here.
"""
# ruff: noqa
import numpy as np


class BinaryCrossEntropy:
    """Container for the forward and backward pass of BCE."""

    def __call__(self, y_hat, y):
        return self.forward(y_hat, y)

    def forward(self, y_hat, y):
        """Return binary cross entropy given predictions and targets."""
        self.y_hat, self.y = y_hat.clip(min=1e-8, max=1-1e-8), y
        return -np.where(y==1, np.log(self.y_hat), np.log(1 - self.y_hat))

    def backward(self):
        """Backpropagate the gradient with respect to predictions."""
        return (self.y_hat - self.y) / (self.y_hat * (1 - self.y_hat))


class Sigmoid:
    """Container for the forward and backward pass of sigmoid."""

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        """Pass a mini-batch through a sigmoid layer."""
        self.y_hat = np.where(x > 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))
        return self.y_hat

    def backward(self, grad):
        """Backpropagate the gradient given the preceding gradient."""
        return self.y_hat * (1 - self.y_hat) * grad


class Linear:
    """Container for the forward and backward pass of a linear layer."""

    def __init__(self, n_inp, n_out):
        """Initialise layer with random weights and zero bias."""
        k = 1 / np.sqrt(n_inp)
        self.weights = np.random.uniform(-k, k, (n_inp, n_out))
        self.bias = np.zeros(n_out)

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        """Pass a mini-batch through a linear layer."""
        self.x = x
        return x @ self.weights + self.bias

    def backward(self, grad):
        """Backpropagate the gradient given the preceding gradient."""
        self.grad_w = (self.x[:,:,None] @ grad[:,None,:]).mean(axis=0)
        self.grad_b = grad.mean(axis=0)
        return grad @ self.weights.T


class Sequential:
    """Container for a feedforward neural net."""

    def __init__(self, layers, criterion):
        """Initialise layers and loss criterion."""
        self.layers = layers
        self.criterion = criterion

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        """Pass a mini-batch through the network."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self):
        """Backpropagate gradients to the start of the network."""
        grad = self.criterion.backward()
        for layer in self.layers[::-1]:
            grad = layer.backward(grad)


class SGD:
    """Container for updating a model's weights via SGD."""

    def __init__(self, model, lr):
        """Initialise model parameters and learning rate."""
        self.model = model
        self.lr = lr

    def step(self):
        """Update weights and biases of all linear layers."""
        for layer in self.model.layers:
            if isinstance(layer, Linear):
                layer.weights -= self.lr * layer.grad_w
                layer.bias -= self.lr * layer.grad_b


class Dataset:
    """The post's repository's dataset: features and a label column."""

    def __init__(self, X, y):
        self.X, self.y = X, y[:, None]

    def __len__(self):
        return len(self.X)

    def __getitem__(self, idx):
        return self.X[idx], self.y[idx]


class DataLoader:
    """The post's repository's loader: it yields only full batches."""

    def __init__(self, ds, batch_size, shuffle=False):
        self.ds, self.batch_size, self.shuffle = ds, batch_size, shuffle

    def __iter__(self):
        idx = np.random.permutation(len(self.ds)) if self.shuffle else np.arange(len(self.ds))
        for i in range(len(self.ds) // self.batch_size):
            yield self.ds[idx[i * self.batch_size:(i + 1) * self.batch_size]]
