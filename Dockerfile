# SAE Explorer on a GPU server: CUDA 12 + cuDNN 9 runtime (what ONNX Runtime 1.31's CUDA provider
# and libtorch want) with the ASP.NET Core 10 runtime. Data and models are volumes.
#   docker build -t sae-explorer .
#   docker run --gpus all -p 5000:5000 -v saex-data:/app/data -v /srv/models:/models \
#     -v /srv/corpora:/app/data/imports:ro sae-explorer
# (/app/data/imports is Saex:ImportRoots' default: the New workspace page imports corpora from there.)
# Mirrors the README: the same publish, the same appsettings keys (overridden by environment).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# TorchBackend=cuda swaps the CPU libtorch (TorchSharp + libtorch-cpu-linux-x64) for TorchSharp-cuda-linux (see docs/models-and-gpu.md, "GPU servers").
ARG TORCH_BACKEND=cuda
RUN dotnet publish src/SaeExplorer.Web/SaeExplorer.Web.csproj -c Release -o /app -p:TorchBackend=${TORCH_BACKEND} \
 && dotnet publish src/SaeExplorer.Cli/SaeExplorer.Cli.csproj -c Release -o /app/cli -p:TorchBackend=${TORCH_BACKEND} \
 && mkdir -p /app/demo-pack && cp -r data/demo/. /app/demo-pack/

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && apt-get update && apt-get install -y --no-install-recommends libicu74 ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
WORKDIR /app
ENV SAEX_ROOT=/app \
    ASPNETCORE_URLS=http://0.0.0.0:5000 \
    Saex__DemoPack=/app/demo-pack \
    Encoder__Device=cuda
VOLUME ["/app/data", "/models"]
EXPOSE 5000
ENTRYPOINT ["dotnet", "/app/SaeExplorer.Web.dll"]
